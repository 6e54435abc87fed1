from exercise import cosine, top_k
from genai_check import close, expect


def test_cosine():
    close(cosine([1, 0], [0, 1]), 0.0, "cosine of perpendicular vectors")
    close(cosine([1, 2], [2, 4]), 1.0, "cosine of parallel vectors (length does not matter)")
    close(cosine([1, 1], [-1, 0]), -0.7071067812, "cosine of [1, 1] and [-1, 0]")
    close(cosine([0, 0], [1, 1]), 0.0, "cosine with the zero vector")


def test_top_k():
    docs = [[1, 0], [0.9, 0.1], [0, 1], [-1, 0], [2, 0]]
    got = top_k([1, 0], docs, 3)
    expect([i for i, _ in got], [0, 4, 1], "indices of the 3 nearest documents (ties: lower index first)")
    close(got[2][1], 0.9938837347, "score of the third")
    expect(len(top_k([1, 0], docs, 10)), 5, "top_k with k larger than the collection")
