from exercise import matmul
from genai_check import expect


def test_square():
    expect(matmul([[1, 2], [3, 4]], [[5, 6], [7, 8]]), [[19, 22], [43, 50]], "[[1, 2], [3, 4]] @ [[5, 6], [7, 8]]")


def test_rectangular():
    expect(matmul([[1, 2, 3]], [[1], [2], [3]]), [[14]], "a 1x3 row times a 3x1 column")
    expect(matmul([[1], [2]], [[3, 4]]), [[3, 4], [6, 8]], "a 2x1 column times a 1x2 row (outer product)")


def test_identity():
    A = [[2, -1], [0.5, 3]]
    expect(matmul(A, [[1, 0], [0, 1]]), A, "A @ I")


def test_shape_mismatch():
    try:
        matmul([[1, 2]], [[1, 2]])
    except ValueError:
        return
    raise AssertionError("a 1x2 @ 1x2 product should raise ValueError")
