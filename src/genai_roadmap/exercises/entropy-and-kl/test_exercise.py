import math

from exercise import entropy, kl_divergence
from genai_check import close


def test_entropy():
    close(entropy([0.5, 0.5]), 1.0, "entropy of a fair coin")
    close(entropy([0.25] * 4), 2.0, "entropy of a fair 4-sided die")
    close(entropy([1.0, 0.0]), 0.0, "entropy of a certain outcome")


def test_kl():
    close(kl_divergence([0.5, 0.5], [0.5, 0.5]), 0.0, "KL of a distribution with itself")
    close(kl_divergence([0.5, 0.5], [0.25, 0.75]), 0.2075187496, "KL([0.5, 0.5] || [0.25, 0.75])")
    close(kl_divergence([0.25, 0.75], [0.5, 0.5]), 0.1887218755, "KL([0.25, 0.75] || [0.5, 0.5]) (not symmetric)")


def test_kl_infinite():
    close(kl_divergence([0.5, 0.5], [1.0, 0.0]), math.inf, "KL when q rules out an outcome p allows")
