import math

from exercise import rope
from genai_check import close


def test_position_zero_is_identity():
    close(rope([1.0, 2.0, 3.0, 4.0], 0), [1.0, 2.0, 3.0, 4.0], "RoPE at position 0")


def test_rotation():
    close(rope([1.0, 0.0, 1.0, 0.0], 1, base=100.0), [math.cos(1), math.sin(1), math.cos(0.1), math.sin(0.1)],
          "RoPE of [1, 0, 1, 0] at position 1, base 100")


def test_relative_positions():
    q, k = [0.3, -1.2, 0.8, 0.5], [1.1, 0.4, -0.7, 0.9]
    dot = lambda a, b: sum(x * y for x, y in zip(a, b))
    close(dot(rope(q, 7), rope(k, 4)), dot(rope(q, 103), rope(k, 100)), "q.k depends only on the distance (3)")


def test_interpolation():
    close(rope([1.0, 0.0], 8, scale=4.0), rope([1.0, 0.0], 2), "position 8 with scale 4 equals position 2")
