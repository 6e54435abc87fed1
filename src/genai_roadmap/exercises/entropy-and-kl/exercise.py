"""Entropy and KL divergence, in bits. Cross-entropy loss is H(p) + KL(p || q)."""
import math


def entropy(p):
    """Shannon entropy of the distribution p (a list of probabilities summing to 1), in bits."""
    raise NotImplementedError("entropy(p) is not written yet")


def kl_divergence(p, q):
    """KL(p || q) in bits; math.inf when q gives zero probability to something p can produce."""
    raise NotImplementedError("kl_divergence(p, q) is not written yet")
