"""How many weights are in one transformer block? (No biases, no norms: Llama has neither in its linears.)"""


def attention_params(d_model, n_heads, n_kv_heads=None):
    """Weights of the Q, K, V and output projections; n_kv_heads < n_heads means grouped-query attention."""
    raise NotImplementedError("attention_params is not written yet")


def ffn_params(d_model, d_ff, gated=True):
    """Weights of the feed-forward network: 3 matrices when gated (SwiGLU), else 2."""
    raise NotImplementedError("ffn_params is not written yet")
