"""RoPE encodes position by rotating pairs of query/key dimensions; dot products then depend only
on the distance between tokens. Long-context tricks (position interpolation) rescale the position.
"""
import math


def rope(x, pos, base=10000.0, scale=1.0):
    """x rotated for position pos (x has an even length); scale > 1 interpolates positions."""
    raise NotImplementedError("rope is not written yet")
