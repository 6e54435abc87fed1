"""LayerNorm (GPT-2, BERT) and RMSNorm (Llama), applied to one vector."""
import math


def layer_norm(x, gamma, beta, eps=1e-5):
    raise NotImplementedError("layer_norm is not written yet")


def rms_norm(x, gamma, eps=1e-5):
    raise NotImplementedError("rms_norm is not written yet")
