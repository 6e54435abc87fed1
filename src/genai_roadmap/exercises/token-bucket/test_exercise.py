from exercise import TokenBucket
from genai_check import expect


def test_burst_then_refuse():
    bucket = TokenBucket(capacity=3, rate=1)
    expect([bucket.allow(0.0) for _ in range(4)], [True, True, True, False], "four requests at once, capacity 3")


def test_refill():
    bucket = TokenBucket(capacity=2, rate=0.5)
    expect([bucket.allow(0.0), bucket.allow(0.0), bucket.allow(1.0), bucket.allow(2.0)], [True, True, False, True],
           "requests at t = 0, 0, 1, 2 (refill 0.5 per second)")


def test_cost_and_cap():
    bucket = TokenBucket(capacity=10, rate=100)
    expect(bucket.allow(0.0, cost=10), True, "a request costing the whole bucket")
    expect(bucket.allow(100.0, cost=11), False, "a refill never exceeds the capacity")
