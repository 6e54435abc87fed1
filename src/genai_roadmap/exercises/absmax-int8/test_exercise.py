from exercise import dequantize, quantize
from genai_check import close, expect


def test_quantize():
    ints, scale = quantize([0.5, -1.27, 0.0, 1.0])
    expect(ints, [50, -127, 0, 100], "int8 values of [0.5, -1.27, 0, 1.0]")
    close(scale, 0.01, "scale")


def test_round_trip_error_is_bounded():
    xs = [0.123, -0.456, 0.789, -0.999, 0.001]
    ints, scale = quantize(xs)
    worst = max(abs(a - b) for a, b in zip(xs, dequantize(ints, scale)))
    assert worst <= scale / 2 + 1e-12, f"round-trip error {worst} exceeds scale / 2 = {scale / 2}"


def test_all_zero():
    expect(quantize([0.0, 0.0])[0], [0, 0], "quantizing all zeros")
