from __future__ import annotations

import pytest

from {{ cookiecutter.package_name }}.security import ApiKeys, KeyConfigError, RateLimiter, new_key

KEY_A, KEY_B = "a" * 20, "b" * 20


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_keys_come_from_the_environment_and_are_identified_without_revealing_them():
    keys = ApiKeys.from_env({"API_KEYS": f" {KEY_A} , {KEY_B},"})
    assert len(keys) == 2
    first, second = keys.identify(KEY_A), keys.identify(KEY_B)
    assert first and second and first != second and KEY_A not in first
    assert keys.identify("a" * 19) is None and keys.identify("") is None and keys.identify(None) is None
    assert len(ApiKeys.from_env({})) == 0
    with pytest.raises(KeyConfigError, match="shorter than 16"):
        ApiKeys(["short"])
    assert len(new_key()) >= 40 and new_key() != new_key()


def test_a_token_bucket_allows_a_burst_then_refills():
    clock = Clock()
    limiter = RateLimiter(per_minute=6, burst=2, clock=clock)  # one token every 10 s
    assert [limiter.take("k").allowed for _ in range(3)] == [True, True, False]
    refused = limiter.take("k")
    assert not refused.allowed and refused.retry_after == pytest.approx(10.0)
    assert refused.retry_after_header == "10"
    clock.now += 5
    assert limiter.take("k").retry_after == pytest.approx(5.0)
    clock.now += 5
    assert limiter.take("k").allowed
    assert limiter.take("other").allowed  # every key has its own bucket


def test_rate_limit_settings_from_the_environment():
    limiter = RateLimiter.from_env({"RATE_LIMIT_PER_MINUTE": "120", "RATE_LIMIT_BURST": "3"})
    assert limiter.rate == 2.0 and limiter.burst == 3
    assert RateLimiter.from_env({}).rate == pytest.approx({{ cookiecutter.rate_limit }} / 60)
    with pytest.raises(KeyConfigError):
        RateLimiter.from_env({"RATE_LIMIT_BURST": "many"})
