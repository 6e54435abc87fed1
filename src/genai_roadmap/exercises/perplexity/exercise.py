"""Next-token prediction is scored by cross-entropy; perplexity is its exponential."""
import math


def cross_entropy(token_logprobs):
    """Mean negative log-probability (natural log) the model gave the actual tokens."""
    raise NotImplementedError("cross_entropy is not written yet")


def perplexity(token_logprobs):
    raise NotImplementedError("perplexity is not written yet")
