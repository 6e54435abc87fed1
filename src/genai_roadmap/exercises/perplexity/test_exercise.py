import math

from exercise import cross_entropy, perplexity
from genai_check import close


def test_uniform_model():
    logprobs = [math.log(1 / 50257)] * 10
    close(perplexity(logprobs), 50257.0, "perplexity of a uniform guess over GPT-2's 50,257 tokens", tol=1e-6)


def test_mixed():
    logprobs = [math.log(0.5), math.log(0.25), math.log(0.125)]
    close(cross_entropy(logprobs), 2 * math.log(2), "cross-entropy of p = 0.5, 0.25, 0.125")
    close(perplexity(logprobs), 4.0, "perplexity of p = 0.5, 0.25, 0.125")
