"""How many weights are in one transformer block? (No biases, no norms: Llama has neither in its linears.)"""


def attention_params(d_model, n_heads, n_kv_heads=None):
    """Weights of the Q, K, V and output projections; n_kv_heads < n_heads means grouped-query attention."""
    n_kv_heads = n_kv_heads or n_heads
    head_dim = d_model // n_heads
    return 2 * d_model * d_model + 2 * d_model * n_kv_heads * head_dim


def ffn_params(d_model, d_ff, gated=True):
    """Weights of the feed-forward network: 3 matrices when gated (SwiGLU), else 2."""
    return (3 if gated else 2) * d_model * d_ff
