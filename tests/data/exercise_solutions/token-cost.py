"""Cost engineering starts with arithmetic: tokens times price, and what caching saves."""


def request_cost(input_tokens, output_tokens, input_price, output_price, cached_tokens=0, cached_price=0.0):
    """Dollars for one request; prices are dollars per million tokens; cached_tokens are part of input_tokens."""
    fresh = input_tokens - cached_tokens
    return (fresh * input_price + cached_tokens * cached_price + output_tokens * output_price) / 1e6


def monthly_cost(per_request, requests_per_day, days=30):
    return per_request * requests_per_day * days
