from exercise import softmax
from genai_check import close


def test_large_scores_do_not_overflow():
    close(softmax([1000.0, 1000.0]), [0.5, 0.5], "softmax([1000, 1000])")
    close(softmax([1000.0, 0.0]), [1.0, 0.0], "softmax([1000, 0])")


def test_small_values():
    close(softmax([1.0, 2.0, 3.0]), [0.0900305732, 0.2447284711, 0.6652409558], "softmax([1, 2, 3])")


def test_shift_invariance():
    close(softmax([-1000.0, -1001.0]), softmax([1.0, 0.0]), "softmax is unchanged by adding a constant")
