"""Entropy and KL divergence, in bits. Cross-entropy loss is H(p) + KL(p || q)."""
import math


def entropy(p):
    """Shannon entropy of the distribution p (a list of probabilities summing to 1), in bits."""
    return -sum(x * math.log2(x) for x in p if x > 0)


def kl_divergence(p, q):
    """KL(p || q) in bits; math.inf when q gives zero probability to something p can produce."""
    total = 0.0
    for a, b in zip(p, q):
        if a > 0:
            if b == 0:
                return math.inf
            total += a * math.log2(a / b)
    return total
