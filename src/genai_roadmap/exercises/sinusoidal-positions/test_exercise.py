from exercise import positional_encoding
from genai_check import close


def test_position_zero():
    close(positional_encoding(0, 4), [0.0, 1.0, 0.0, 1.0], "encoding of position 0 (d_model 4)")


def test_position_one():
    close(positional_encoding(1, 4), [0.8414709848, 0.5403023059, 0.0099998333, 0.9999500004],
          "encoding of position 1 (d_model 4)")


def test_length():
    close(len(positional_encoding(7, 16)), 16, "length of the encoding for d_model 16")
