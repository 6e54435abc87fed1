"""Absmax quantization to INT8: the simplest scheme, and the idea under LLM.int8()."""


def quantize(xs):
    """Return (ints, scale): ints in -127..127 with xs ~= [q * scale for q in ints]."""
    peak = max(abs(x) for x in xs)
    scale = peak / 127 if peak else 1.0
    return [round(x / scale) for x in xs], scale


def dequantize(ints, scale):
    return [q * scale for q in ints]
