"""The KV cache stores every past token's keys and values so generation does not recompute them."""


def kv_cache_bytes(layers, n_kv_heads, head_dim, tokens, batch=1, bytes_per_value=2):
    return 2 * layers * n_kv_heads * head_dim * tokens * batch * bytes_per_value


def max_tokens(budget_bytes, layers, n_kv_heads, head_dim, batch=1, bytes_per_value=2):
    """How many tokens of context fit in budget_bytes of cache (a whole number)."""
    return budget_bytes // kv_cache_bytes(layers, n_kv_heads, head_dim, 1, batch, bytes_per_value)
