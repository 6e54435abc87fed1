import math

from exercise import attention
from genai_check import close

Q = [[1.0, 0.0], [0.0, 1.0]]
K = [[1.0, 0.0], [0.0, 1.0]]
V = [[1.0, 2.0], [3.0, 4.0]]


def test_weights_are_scaled():
    _, weights = attention(Q, K, V)
    a = 1 / (1 + math.exp(-1 / math.sqrt(2)))  # softmax of [1/sqrt(2), 0]
    close(weights, [[a, 1 - a], [1 - a, a]], "attention weights (scores divided by sqrt(d_k) = sqrt(2))")


def test_output_mixes_values():
    out, _ = attention(Q, K, V)
    close(out, [[1.6604769, 2.6604769], [2.3395231, 3.3395231]], "attention output", tol=1e-6)


def test_causal_mask():
    out, weights = attention(Q, K, V, causal=True)
    close(weights[0], [1.0, 0.0], "with causal=True, position 0 attends only to itself")
    close(out[0], [1.0, 2.0], "output at position 0 with the causal mask")
