from __future__ import annotations

import pytest

from {{ cookiecutter.package_name }}.retry import ToolError, with_retries


class Flaky:
    """Fails `failures` times with a transient error, then answers."""

    def __init__(self, failures: int, retryable: bool = True):
        self.failures, self.retryable, self.calls = failures, retryable, 0

    def __call__(self) -> str:
        self.calls += 1
        if self.calls <= self.failures:
            raise ToolError(f"timeout #{self.calls}", retryable=self.retryable)
        return "ok"


def test_transient_errors_are_retried_with_exponential_backoff():
    waits, seen = [], []
    call = Flaky(failures=2)
    result = with_retries(call, attempts=3, base_delay=0.5, sleep=waits.append,
                          on_retry=lambda attempt, exc, delay: seen.append((attempt, str(exc))))
    assert result == "ok" and call.calls == 3
    assert waits == [0.5, 1.0]
    assert seen == [(1, "timeout #1"), (2, "timeout #2")]


def test_the_last_error_is_raised_when_attempts_run_out():
    waits = []
    call = Flaky(failures=5)
    with pytest.raises(ToolError, match="timeout #3"):
        with_retries(call, attempts=3, base_delay=1, factor=3, sleep=waits.append)
    assert waits == [1, 3] and call.calls == 3


def test_permanent_errors_are_not_retried():
    waits = []
    call = Flaky(failures=1, retryable=False)
    with pytest.raises(ToolError):
        with_retries(call, sleep=waits.append)
    assert call.calls == 1 and waits == []
