"""The searcher's tools: `search[query]` and `read[url]`, as text in and text out.

`ResearchTools` wraps a search backend and remembers what was found and read, so that the team
knows its sources (and their titles) without trusting the model to report them. It reads only
URLs that a search returned: a model cannot send it to an address it made up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .retry import ToolError
from .search import Document, SearchBackend, SearchResult

READ_CHARS = 3000


@dataclass(frozen=True)
class Tool:
    name: str
    description: str
    run: Callable[[str], str]


class ResearchTools:
    def __init__(self, backend: SearchBackend, k: int = 5, read_chars: int = READ_CHARS):
        self.backend = backend
        self.k = k
        self.read_chars = read_chars
        self.found: dict[str, SearchResult] = {}
        self.documents: dict[str, Document] = {}  # read, by URL, in the order they were read

    def tools(self) -> dict[str, Tool]:
        return {
            "search": Tool("search", f"search[query]: up to {self.k} results, each with a URL and a snippet",
                           self.search),
            "read": Tool("read", "read[url]: the text of a page that a search returned", self.read),
        }

    def search(self, query: str) -> str:
        results = self.backend.search(query, self.k)
        if not results:
            return f"No results for '{query}'. Try other words."
        self.found.update((r.url, r) for r in results)
        return "\n".join(f"[{n}] {r.title} — {r.url}\n    {r.snippet}" for n, r in enumerate(results, 1))

    def read(self, url: str) -> str:
        if url.strip() not in self.found:
            raise ToolError(f"{url} is not among the search results; read only URLs a search returned")
        document = self.backend.read(url.strip())
        self.documents[document.url] = document
        text = document.text
        if len(text) > self.read_chars:
            text = text[:self.read_chars] + " …(cut)"
        return f"{document.title} ({document.published or 'undated'})\n{text}"
