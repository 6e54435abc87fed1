"""Attention(Q, K, V) = softmax(Q K^T / sqrt(d_k)) V, the heart of the transformer.

Q, K and V are lists of vectors (one per position).
"""
import math


def softmax(xs):
    m = max(xs)
    exps = [math.exp(x - m) for x in xs]
    total = sum(exps)
    return [e / total for e in exps]


def attention(Q, K, V, causal=False):
    """Return (output, weights): output[i] is a list like V[0], weights[i][j] how much i attends to j."""
    raise NotImplementedError("attention(Q, K, V, causal) is not written yet")
