"""Rate limiting an LLM API (requests or tokens per minute): the token bucket. Time is passed in, so it is testable."""


class TokenBucket:
    def __init__(self, capacity, rate):
        raise NotImplementedError("TokenBucket is not written yet")

    def allow(self, now, cost=1):
        raise NotImplementedError("allow is not written yet")
