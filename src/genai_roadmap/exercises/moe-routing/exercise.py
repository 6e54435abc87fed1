"""Mixture of Experts: a router sends each token to its top-k experts (Mixtral: 8 experts, k = 2)."""
import math


def route(logits, k):
    """[(expert, weight), ...] for the top-k experts, weights a softmax over their logits."""
    raise NotImplementedError("route(logits, k) is not written yet")


def active_params(shared, per_expert, k):
    """Parameters used for one token: the shared ones plus k experts."""
    raise NotImplementedError("active_params is not written yet")
