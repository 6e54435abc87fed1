"""Mixture of Experts: a router sends each token to its top-k experts (Mixtral: 8 experts, k = 2)."""
import math


def route(logits, k):
    """[(expert, weight), ...] for the top-k experts, weights a softmax over their logits."""
    chosen = sorted(range(len(logits)), key=lambda i: (-logits[i], i))[:k]
    m = max(logits[i] for i in chosen)
    exps = {i: math.exp(logits[i] - m) for i in chosen}
    total = sum(exps.values())
    return [(i, exps[i] / total) for i in chosen]


def active_params(shared, per_expert, k):
    """Parameters used for one token: the shared ones plus k experts."""
    return shared + k * per_expert
