"""Speculative decoding: a small draft model guesses, the big model verifies k tokens in one pass."""


def expected_tokens(accept, k):
    """Expected tokens produced per target-model pass with k drafted tokens and acceptance rate accept."""
    raise NotImplementedError("expected_tokens is not written yet")


def speedup(accept, k, draft_cost):
    """Speed-up over plain decoding; draft_cost is one draft pass relative to one target pass."""
    raise NotImplementedError("speedup is not written yet")
