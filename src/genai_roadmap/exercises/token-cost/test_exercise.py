from exercise import monthly_cost, request_cost
from genai_check import close


def test_plain():
    close(request_cost(2000, 500, 3.0, 15.0), 0.0135, "2,000 in and 500 out at $3 / $15 per million")


def test_cached():
    close(request_cost(2000, 500, 3.0, 15.0, cached_tokens=1500, cached_price=0.3), 0.00945,
          "the same request with 1,500 input tokens cached at $0.30")


def test_monthly():
    close(monthly_cost(0.0135, 10_000), 4050.0, "30 days of 10,000 requests a day")
