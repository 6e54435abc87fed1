"""Dot product and vector length: the two operations under every embedding and attention score.

Write `dot(a, b)` and `norm(a)` for vectors given as lists of numbers.
Run `genai exercise check dot-and-norm` to test your work.
"""
import math


def dot(a, b):
    """Sum of a[i] * b[i]. Vectors of different lengths are an error: raise ValueError."""
    if len(a) != len(b):
        raise ValueError("vectors differ in length")
    return sum(x * y for x, y in zip(a, b))


def norm(a):
    """The Euclidean length of a: sqrt(a . a)."""
    return math.sqrt(dot(a, a))
