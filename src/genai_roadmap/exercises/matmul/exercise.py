"""Matrix multiplication, the operation a GPU spends its life on.

Matrices are lists of rows: [[1, 2], [3, 4]] is 2 x 2.
"""


def matmul(A, B):
    """A @ B for an n x k matrix A and a k x m matrix B; raise ValueError when the shapes do not fit."""
    raise NotImplementedError("matmul(A, B) is not written yet")
