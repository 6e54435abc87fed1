"""The positional encoding of "Attention Is All You Need": a unique sine/cosine pattern per position."""
import math


def positional_encoding(pos, d_model):
    """The encoding of position `pos` as a list of d_model floats (d_model is even)."""
    raise NotImplementedError("positional_encoding is not written yet")
