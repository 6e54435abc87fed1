from exercise import dot, norm
from genai_check import close, expect


def test_dot():
    expect(dot([1, 2, 3], [4, 5, 6]), 32, "dot([1, 2, 3], [4, 5, 6])")
    expect(dot([1, 0], [0, 1]), 0, "dot of perpendicular vectors [1, 0] and [0, 1]")


def test_norm():
    close(norm([3, 4]), 5.0, "norm([3, 4])")
    close(norm([0, 0, 0]), 0.0, "norm of the zero vector")


def test_lengths_must_match():
    try:
        dot([1, 2], [1, 2, 3])
    except ValueError:
        return
    raise AssertionError("dot([1, 2], [1, 2, 3]) should raise ValueError (the lengths differ)")
