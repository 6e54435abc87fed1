"""LayerNorm (GPT-2, BERT) and RMSNorm (Llama), applied to one vector."""
import math


def layer_norm(x, gamma, beta, eps=1e-5):
    n = len(x)
    mean = sum(x) / n
    var = sum((v - mean) ** 2 for v in x) / n
    return [g * (v - mean) / math.sqrt(var + eps) + b for v, g, b in zip(x, gamma, beta)]


def rms_norm(x, gamma, eps=1e-5):
    rms = math.sqrt(sum(v * v for v in x) / len(x) + eps)
    return [g * v / rms for v, g in zip(x, gamma)]
