"""API keys and rate limiting for the service.

Keys come from the environment only (API_KEYS, comma-separated), never from a file in the
repository. A presented key is hashed and compared with every configured key's hash in constant
time (hmac.compare_digest, and no early exit), so response timing reveals neither which key
nearly matched nor how many characters were right.

Rate limiting is a token bucket per key: each key holds up to `burst` tokens, refilled at
`per_minute / 60` tokens a second; a request takes one token, and a request that finds the bucket
empty is told how many seconds until the next token (HTTP 429 with Retry-After).
"""

from __future__ import annotations

import hashlib
import hmac
import math
import os
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

MIN_KEY_LENGTH = 16
DEFAULT_PER_MINUTE = {{ cookiecutter.rate_limit }}
DEFAULT_BURST = 5


class KeyConfigError(ValueError):
    """API_KEYS or the rate-limit settings are malformed."""


def new_key() -> str:
    return secrets.token_urlsafe(32)


def _digest(key: str) -> bytes:
    return hashlib.sha256(key.encode("utf-8")).digest()


class ApiKeys:
    def __init__(self, keys: list[str]):
        short = [i for i, key in enumerate(keys, 1) if len(key) < MIN_KEY_LENGTH]
        if short:
            raise KeyConfigError(f"API key number {short[0]} is shorter than {MIN_KEY_LENGTH} characters: "
                                 "make one with the keygen command")
        self._digests = [_digest(key) for key in keys]

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> ApiKeys:
        raw = (os.environ if env is None else env).get("API_KEYS", "")
        return cls([key.strip() for key in raw.split(",") if key.strip()])

    def __len__(self) -> int:
        return len(self._digests)

    def identify(self, presented: str | None) -> str | None:
        """A stable, non-secret id for the matching key (for rate limiting and logs), or None."""
        if not presented:
            return None
        digest = _digest(presented)
        found = None
        for known in self._digests:  # every key is compared: the time does not depend on which matched
            if hmac.compare_digest(known, digest):
                found = known
        return found.hex()[:12] if found else None


@dataclass(frozen=True)
class Decision:
    allowed: bool
    remaining: int
    retry_after: float  # seconds until a token is available (0 when allowed)

    @property
    def retry_after_header(self) -> str:
        return str(max(1, math.ceil(self.retry_after)))


class RateLimiter:
    """One token bucket per key id, thread-safe."""

    def __init__(self, per_minute: float, burst: int, clock: Callable[[], float] = time.monotonic):
        if per_minute <= 0 or burst < 1:
            raise KeyConfigError("the rate limit needs per_minute > 0 and burst >= 1")
        self.rate = per_minute / 60.0
        self.burst = burst
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # key id -> (tokens, last refill time)
        self._lock = threading.Lock()

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> RateLimiter:
        env = os.environ if env is None else env
        try:
            per_minute = float(env.get("RATE_LIMIT_PER_MINUTE") or DEFAULT_PER_MINUTE)
            burst = int(env.get("RATE_LIMIT_BURST") or DEFAULT_BURST)
        except ValueError:
            raise KeyConfigError("RATE_LIMIT_PER_MINUTE must be a number, "
                                 "RATE_LIMIT_BURST a whole number") from None
        return cls(per_minute, burst)

    def take(self, key_id: str) -> Decision:
        with self._lock:
            now = self.clock()
            tokens, last = self._buckets.get(key_id, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            if tokens >= 1:
                self._buckets[key_id] = (tokens - 1, now)
                return Decision(True, int(tokens - 1), 0.0)
            self._buckets[key_id] = (tokens, now)
            return Decision(False, 0, (1 - tokens) / self.rate)
