"""The activation functions of modern LLMs: ReLU (classic), GELU (GPT-2, BERT), SiLU (inside Llama's SwiGLU)."""
import math


def relu(x):
    return max(0.0, x)


def gelu(x):
    """GELU, tanh approximation (as in GPT-2)."""
    return 0.5 * x * (1 + math.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))


def silu(x):
    """SiLU (swish): x * sigmoid(x)."""
    return x / (1 + math.exp(-x))
