"""`genai roadmap check-links`: is every resource URL of a roadmap still there?

For roadmap authors. It never runs implicitly: only this command touches the network. Each URL
is checked once (however many items share it) with httpx, following redirects, at most `jobs` at
a time: a HEAD request, then a GET where a server refuses HEAD. A link is broken when it answers
4xx/5xx or not at all, slow when it answers after `slow_after` seconds. When no link gets any
answer and every failure is a connection failure, the machine is offline: that is said plainly
(exit 1) instead of reporting every link as broken.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field

from genai_roadmap.errors import GenaiError, UsageError
from genai_roadmap.roadmap import Roadmap
from genai_roadmap.selection import select

MAX_JOBS = 32
USER_AGENT = "genai-roadmap-check-links (+https://pypi.org/project/genai-roadmap/)"


@dataclass
class LinkCheck:
    url: str
    items: list[str]  # the item ids that link it
    status: int | None = None  # the final HTTP status; None: no answer
    final_url: str | None = None
    seconds: float = 0.0
    error: str | None = None
    slow: bool = False

    @property
    def ok(self) -> bool:
        return self.status is not None and self.status < 400

    @property
    def redirected(self) -> bool:
        return self.final_url is not None and self.final_url != self.url


@dataclass
class LinkReport:
    roadmap: Roadmap
    links: list[LinkCheck] = field(default_factory=list)
    timeout: float = 10.0
    slow_after: float = 3.0
    offline: bool = False

    @property
    def broken(self) -> list[LinkCheck]:
        return [link for link in self.links if not link.ok]

    @property
    def slow(self) -> list[LinkCheck]:
        return [link for link in self.links if link.ok and link.slow]

    @property
    def passed(self) -> bool:
        return not self.offline and not self.broken


def resource_links(rm: Roadmap) -> list[LinkCheck]:
    """Every distinct http(s) resource URL of the roadmap, with the items that link it, in order."""
    by_url: dict[str, LinkCheck] = {}
    for item in rm.items:
        for resource in item.resources:
            url = (resource.url or "").strip()
            if url.startswith(("http://", "https://")):
                entry = by_url.setdefault(url, LinkCheck(url, []))
                if item.id not in entry.items:
                    entry.items.append(item.id)
    return list(by_url.values())


def check_links(name: str | None, timeout: float = 10.0, jobs: int = 8,
                progress: Callable[[int, int], None] | None = None) -> LinkReport:
    if not 0 < timeout <= 300:
        raise UsageError(f"--timeout must be more than 0 and at most 300 seconds, got {timeout:g}")
    if not 1 <= jobs <= MAX_JOBS:
        raise UsageError(f"--jobs must be from 1 to {MAX_JOBS}, got {jobs}")
    try:
        import httpx
    except ImportError:
        raise GenaiError("checking links needs the 'httpx' package",
                         hint="pip install 'genai-roadmap[links]'") from None
    rm, _ = select(name)
    report = LinkReport(rm, resource_links(rm), timeout, slow_after=min(3.0, timeout / 2))
    limits = httpx.Limits(max_connections=jobs, max_keepalive_connections=jobs)
    with httpx.Client(follow_redirects=True, timeout=timeout, limits=limits, max_redirects=10,
                      headers={"User-Agent": USER_AGENT}) as client:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            futures = [pool.submit(_check, client, link, report.slow_after) for link in report.links]
            for done, _ in enumerate(as_completed(futures), 1):
                if progress:
                    progress(done, len(futures))
    report.offline = bool(report.links) and all(
        link.status is None and link.error is not None and link.error.startswith("cannot connect")
        for link in report.links)
    return report


def _check(client, link: LinkCheck, slow_after: float) -> None:
    import httpx

    started = time.perf_counter()
    try:
        response = client.head(link.url)
        if response.status_code in (403, 405, 501) or response.status_code >= 500:
            response = client.get(link.url)  # some servers refuse or mishandle HEAD
        link.status = response.status_code
        link.final_url = str(response.url)
    except httpx.TimeoutException:
        link.error = "timed out"
    except httpx.ConnectError as exc:
        link.error = f"cannot connect: {_reason(exc)}"
    except httpx.TooManyRedirects:
        link.error = "too many redirects"
    except httpx.HTTPError as exc:
        link.error = f"{type(exc).__name__}: {_reason(exc)}"
    link.seconds = time.perf_counter() - started
    link.slow = link.seconds > slow_after


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[-1][:200]
