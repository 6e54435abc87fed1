"""Matrix multiplication, the operation a GPU spends its life on.

Matrices are lists of rows: [[1, 2], [3, 4]] is 2 x 2.
"""


def matmul(A, B):
    """A @ B for an n x k matrix A and a k x m matrix B; raise ValueError when the shapes do not fit."""
    k = len(B)
    if any(len(row) != k for row in A):
        raise ValueError("shapes do not fit")
    m = len(B[0]) if B else 0
    return [[sum(row[t] * B[t][j] for t in range(k)) for j in range(m)] for row in A]
