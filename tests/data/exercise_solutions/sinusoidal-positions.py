"""The positional encoding of "Attention Is All You Need": a unique sine/cosine pattern per position."""
import math


def positional_encoding(pos, d_model):
    """The encoding of position `pos` as a list of d_model floats (d_model is even)."""
    out = []
    for i in range(d_model // 2):
        angle = pos / 10000 ** (2 * i / d_model)
        out += [math.sin(angle), math.cos(angle)]
    return out
