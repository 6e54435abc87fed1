"""Softmax turns scores (logits) into probabilities. This version has a bug: it overflows on large
scores (try softmax([1000, 1000])). Fix it so it works for any finite scores.
"""
import math


def softmax(xs):
    """Probabilities proportional to exp(x) that sum to 1."""
    exps = [math.exp(x) for x in xs]
    total = sum(exps)
    return [e / total for e in exps]
