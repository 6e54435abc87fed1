"""Web search with Tavily (optional extra: pip install -e '.[tavily]'; reads TAVILY_API_KEY).

`search` maps Tavily's results to SearchResult; `read` asks Tavily's extract endpoint for the
page text and falls back to the search snippet. Network failures and rate limits are retryable.
"""

from __future__ import annotations

import os
from typing import Any

from .search import Document, SearchError, SearchResult


class TavilySearch:
    name = "tavily"

    def __init__(self, client: Any | None = None):
        if client is None:
            try:
                from tavily import TavilyClient
            except ImportError:
                raise SearchError("tavily search needs the 'tavily-python' package: "
                                  "pip install -e '.[tavily]'") from None
            key = os.environ.get("TAVILY_API_KEY", "").strip()
            if not key:
                raise SearchError("TAVILY_API_KEY is not set: tavily search reads it from the environment "
                                  "(copy .env.example to .env, or export it)")
            client = TavilyClient(api_key=key)
        self.client = client
        self.seen: dict[str, SearchResult] = {}

    def search(self, query: str, k: int = 5) -> list[SearchResult]:
        try:
            response = self.client.search(query=query, max_results=k)
        except Exception as exc:  # the SDK's errors have no common base: treat them as transient
            raise SearchError(f"tavily search failed: {exc}", retryable=True) from exc
        results = [SearchResult(item.get("title") or item["url"], item["url"], item.get("content") or "",
                                float(item.get("score") or 0.0))
                   for item in response.get("results", []) if item.get("url")]
        self.seen.update((r.url, r) for r in results)
        return results

    def read(self, url: str) -> Document:
        try:
            response = self.client.extract(urls=[url])
        except Exception as exc:
            raise SearchError(f"tavily extract failed: {exc}", retryable=True) from exc
        pages = [page for page in response.get("results", []) if page.get("raw_content")]
        known = self.seen.get(url)
        if pages:
            return Document(url, known.title if known else url, pages[0]["raw_content"])
        if known:
            return Document(url, known.title, known.snippet)
        raise SearchError(f"nothing could be read at {url}")
