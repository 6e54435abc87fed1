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
    d_k = len(K[0])
    weights = []
    for i, q in enumerate(Q):
        scores = [sum(a * b for a, b in zip(q, k)) / math.sqrt(d_k) for k in K]
        if causal:
            scores = [s if j <= i else -math.inf for j, s in enumerate(scores)]
        weights.append(softmax(scores))
    output = [[sum(w * v[c] for w, v in zip(row, V)) for c in range(len(V[0]))] for row in weights]
    return output, weights
