"""RoPE encodes position by rotating pairs of query/key dimensions; dot products then depend only
on the distance between tokens. Long-context tricks (position interpolation) rescale the position.
"""
import math


def rope(x, pos, base=10000.0, scale=1.0):
    """x rotated for position pos (x has an even length); scale > 1 interpolates positions."""
    d = len(x)
    out = []
    p = pos / scale
    for i in range(d // 2):
        angle = p * base ** (-2 * i / d)
        a, b = x[2 * i], x[2 * i + 1]
        out += [a * math.cos(angle) - b * math.sin(angle), a * math.sin(angle) + b * math.cos(angle)]
    return out
