"""Cost engineering starts with arithmetic: tokens times price, and what caching saves."""


def request_cost(input_tokens, output_tokens, input_price, output_price, cached_tokens=0, cached_price=0.0):
    """Dollars for one request; prices are dollars per million tokens; cached_tokens are part of input_tokens."""
    raise NotImplementedError("request_cost is not written yet")


def monthly_cost(per_request, requests_per_day, days=30):
    raise NotImplementedError("monthly_cost is not written yet")
