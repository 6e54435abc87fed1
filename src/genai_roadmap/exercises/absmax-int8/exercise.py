"""Absmax quantization to INT8: the simplest scheme, and the idea under LLM.int8()."""


def quantize(xs):
    """Return (ints, scale): ints in -127..127 with xs ~= [q * scale for q in ints]."""
    raise NotImplementedError("quantize is not written yet")


def dequantize(ints, scale):
    raise NotImplementedError("dequantize is not written yet")
