from exercise import cohen_kappa
from genai_check import close


def test_kappa():
    judge = ["good", "good", "bad", "good", "bad", "bad", "good", "good", "bad", "good"]
    human = ["good", "bad", "bad", "good", "bad", "good", "good", "good", "bad", "good"]
    close(cohen_kappa(judge, human), 0.5833333333, "kappa with 8/10 agreement")


def test_perfect_and_chance():
    close(cohen_kappa(["a", "b", "a"], ["a", "b", "a"]), 1.0, "kappa of perfect agreement")
    close(cohen_kappa(["a", "a", "b", "b"], ["a", "b", "a", "b"]), 0.0, "kappa of agreement no better than chance")
    close(cohen_kappa(["x", "x"], ["x", "x"]), 1.0, "kappa when both always say the same label")
