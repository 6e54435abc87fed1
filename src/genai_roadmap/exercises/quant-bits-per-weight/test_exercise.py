from exercise import bits_per_weight, model_size_gb
from genai_check import close


def test_bits():
    close([bits_per_weight(f) for f in ("q4_0", "q4_1", "q5_0", "q8_0", "f16")], [4.5, 5.0, 5.5, 8.5, 16.0],
          "bits per weight of q4_0, q4_1, q5_0, q8_0, f16")


def test_size():
    close(model_size_gb(8_000_000_000, "q4_0"), 4.5, "size of an 8B model in q4_0 (GB)")
    close(model_size_gb(70_000_000_000, "f16"), 140.0, "size of a 70B model in f16 (GB)")
