"""GGUF-style block quantization: why a "4-bit" model costs 4.5 bits a weight.

FORMATS lists each format's weight bits, block size and fp16 fields per block (scale, minimum).
"""

FORMATS = {
    "q4_0": {"bits": 4, "block": 32, "fp16_fields": 1},
    "q4_1": {"bits": 4, "block": 32, "fp16_fields": 2},
    "q5_0": {"bits": 5, "block": 32, "fp16_fields": 1},
    "q8_0": {"bits": 8, "block": 32, "fp16_fields": 1},
    "f16": {"bits": 16, "block": 1, "fp16_fields": 0},
}


def bits_per_weight(fmt):
    raise NotImplementedError("bits_per_weight is not written yet")


def model_size_gb(params, fmt):
    """Size of the weights in gigabytes (1e9 bytes)."""
    raise NotImplementedError("model_size_gb is not written yet")
