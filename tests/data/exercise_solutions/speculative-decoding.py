"""Speculative decoding: a small draft model guesses, the big model verifies k tokens in one pass."""


def expected_tokens(accept, k):
    """Expected tokens produced per target-model pass with k drafted tokens and acceptance rate accept."""
    if accept == 1:
        return k + 1.0
    return (1 - accept ** (k + 1)) / (1 - accept)


def speedup(accept, k, draft_cost):
    """Speed-up over plain decoding; draft_cost is one draft pass relative to one target pass."""
    return expected_tokens(accept, k) / (1 + k * draft_cost)
