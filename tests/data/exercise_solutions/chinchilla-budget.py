"""Scaling laws in two formulas: training FLOPs, and the Chinchilla-optimal split of a compute budget."""
import math


def training_flops(params, tokens):
    return 6 * params * tokens


def chinchilla_optimal(flops):
    """(params, tokens) for a compute-optimal run with `flops` of compute, at 20 tokens per parameter."""
    params = math.sqrt(flops / 120)
    return params, 20 * params
