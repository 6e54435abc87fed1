"""Next-token prediction is scored by cross-entropy; perplexity is its exponential."""
import math


def cross_entropy(token_logprobs):
    """Mean negative log-probability (natural log) the model gave the actual tokens."""
    return -sum(token_logprobs) / len(token_logprobs)


def perplexity(token_logprobs):
    return math.exp(cross_entropy(token_logprobs))
