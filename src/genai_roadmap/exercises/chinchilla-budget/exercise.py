"""Scaling laws in two formulas: training FLOPs, and the Chinchilla-optimal split of a compute budget."""
import math


def training_flops(params, tokens):
    raise NotImplementedError("training_flops is not written yet")


def chinchilla_optimal(flops):
    """(params, tokens) for a compute-optimal run with `flops` of compute, at 20 tokens per parameter."""
    raise NotImplementedError("chinchilla_optimal is not written yet")
