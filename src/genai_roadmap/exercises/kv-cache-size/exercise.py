"""The KV cache stores every past token's keys and values so generation does not recompute them."""


def kv_cache_bytes(layers, n_kv_heads, head_dim, tokens, batch=1, bytes_per_value=2):
    raise NotImplementedError("kv_cache_bytes is not written yet")


def max_tokens(budget_bytes, layers, n_kv_heads, head_dim, batch=1, bytes_per_value=2):
    """How many tokens of context fit in budget_bytes of cache (a whole number)."""
    raise NotImplementedError("max_tokens is not written yet")
