"""Tool errors, and retrying a failed tool call with exponential backoff.

A tool says whether its error is worth retrying (a timeout, a rate limit, a 5xx) or not (a page
that does not exist): only the first kind is retried, waiting `base_delay`, then twice as long,
and so on. When the attempts run out the error goes back to the agent as an observation, so the
model can try something else — that is the agent's error recovery.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
ATTEMPTS = 3
BASE_DELAY = 0.5


class ToolError(RuntimeError):
    def __init__(self, message: str, retryable: bool = False):
        super().__init__(message)
        self.retryable = retryable


def with_retries(call: Callable[[], T], *, attempts: int = ATTEMPTS, base_delay: float = BASE_DELAY,
                 factor: float = 2.0, sleep: Callable[[float], None] = time.sleep,
                 on_retry: Callable[[int, ToolError, float], None] | None = None) -> T:
    """`call()`, tried up to `attempts` times while it raises a retryable ToolError."""
    for attempt in range(1, attempts + 1):
        try:
            return call()
        except ToolError as exc:
            if not exc.retryable or attempt == attempts:
                raise
            delay = base_delay * factor ** (attempt - 1)
            if on_retry is not None:
                on_retry(attempt, exc, delay)
            sleep(delay)
    raise ValueError("attempts must be at least 1")
