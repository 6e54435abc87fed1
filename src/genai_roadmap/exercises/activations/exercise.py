"""The activation functions of modern LLMs: ReLU (classic), GELU (GPT-2, BERT), SiLU (inside Llama's SwiGLU)."""
import math


def relu(x):
    raise NotImplementedError("relu is not written yet")


def gelu(x):
    """GELU, tanh approximation (as in GPT-2)."""
    raise NotImplementedError("gelu is not written yet")


def silu(x):
    """SiLU (swish): x * sigmoid(x)."""
    raise NotImplementedError("silu is not written yet")
