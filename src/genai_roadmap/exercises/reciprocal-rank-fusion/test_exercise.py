from exercise import rrf
from genai_check import close, expect


def test_fusion_order():
    got = rrf([["a", "b", "c"], ["c", "a", "d"]])
    expect([d for d, _ in got], ["a", "c", "b", "d"], "fused order of [a, b, c] and [c, a, d]")
    close(got[0][1], 1 / 61 + 1 / 62, "fused score of 'a'")


def test_small_k():
    close(rrf([["x", "y"]], k=0), [("x", 1.0), ("y", 0.5)], "rrf with k=0 of one ranking")


def test_ties():
    expect([d for d, _ in rrf([["b", "a"], ["a", "b"]])], ["a", "b"], "equal scores sort by id")
