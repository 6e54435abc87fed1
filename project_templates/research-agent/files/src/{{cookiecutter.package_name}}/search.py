"""Search backends: what the searcher's `search` and `read` tools call.

`offline` (the default) ranks a small bundled corpus with BM25: `data/corpus/*.md`, news items
about *fictional* companies written for this demo, each with a title, URL and date in its front
matter. Point it at a folder of your own Markdown with `--corpus DIR`.
{%- if cookiecutter.web_search == "tavily" %}
`tavily` searches the web with the Tavily API (optional extra, reads TAVILY_API_KEY).
{%- endif %}
"""

from __future__ import annotations

import math
import os
import re
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Protocol

from .providers import tokens
from .providers.fake import overlap
from .retry import ToolError

BACKENDS = {{ '("offline", "tavily")' if cookiecutter.web_search == "tavily" else '("offline",)' }}
SNIPPET_CHARS = 240
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


class SearchError(ToolError):
    """The search backend failed; `retryable` when trying again may help."""


@dataclass(frozen=True)
class Document:
    url: str
    title: str
    text: str
    published: str = ""


@dataclass(frozen=True)
class SearchResult:
    title: str
    url: str
    snippet: str
    score: float


class SearchBackend(Protocol):
    name: str

    def search(self, query: str, k: int = 5) -> list[SearchResult]: ...

    def read(self, url: str) -> Document: ...


def parse_document(text: str, fallback_url: str) -> Document:
    """A Markdown file with optional `key: value` front matter (title, url, published)."""
    meta: dict[str, str] = {}
    match = _FRONT_MATTER.match(text)
    if match:
        for line in match.group(1).splitlines():
            key, sep, value = line.partition(":")
            if sep:
                meta[key.strip().lower()] = value.strip()
        text = text[match.end():]
    body = text.strip()
    title = meta.get("title") or (body.splitlines()[0].lstrip("# ") if body else fallback_url)
    return Document(meta.get("url") or fallback_url, title, body, meta.get("published", ""))


def load_corpus(folder: str | Path | None = None) -> list[Document]:
    directory = Path(folder) if folder else Path(str(resources.files(__package__) / "data" / "corpus"))
    if not directory.is_dir():
        raise SearchError(f"{directory}: no such corpus folder")
    documents = [parse_document(p.read_text(encoding="utf-8"), p.resolve().as_uri())
                 for p in sorted(directory.glob("*.md"))]
    if not documents:
        raise SearchError(f"{directory} has no Markdown documents (*.md)")
    return documents


def snippet(query: str, text: str) -> str:
    """The sentence of `text` that shares the most words with the query, shortened."""
    sentences = [s for s in _SENTENCE.split(" ".join(text.split())) if s]
    best = max(sentences, key=lambda s: overlap(query, s), default="")
    return best if len(best) <= SNIPPET_CHARS else best[:SNIPPET_CHARS - 1] + "…"


class OfflineSearch:
    """BM25 over a folder of Markdown documents: no network, same results every time."""

    name = "offline"

    def __init__(self, documents: list[Document] | None = None, k1: float = 1.5, b: float = 0.75,
                 corpus: str | Path | None = None):
        self.documents = documents if documents is not None else load_corpus(corpus)
        self.corpus = str(corpus) if corpus else None  # None: the bundled demo corpus
        self.k1, self.b = k1, b
        self.terms = [Counter(tokens(f"{d.title} {d.text}")) for d in self.documents]
        self.average_length = sum(sum(t.values()) for t in self.terms) / max(len(self.terms), 1)
        frequency = Counter(word for terms in self.terms for word in terms)
        n = len(self.documents)
        self.idf = {word: math.log(1 + (n - df + 0.5) / (df + 0.5)) for word, df in frequency.items()}

    def score(self, query: str, index: int) -> float:
        terms, length = self.terms[index], sum(self.terms[index].values())
        total = 0.0
        for word in set(tokens(query)):
            tf = terms.get(word, 0)
            if tf:
                norm = tf + self.k1 * (1 - self.b + self.b * length / self.average_length)
                total += self.idf[word] * tf * (self.k1 + 1) / norm
        return total

    def search(self, query: str, k: int = 5) -> list[SearchResult]:
        if not query.strip():
            raise SearchError("the search query is empty")
        scored = sorted(((self.score(query, i), i) for i in range(len(self.documents))), key=lambda p: -p[0])
        hits = [(score, self.documents[i]) for score, i in scored[:k] if score > 0]
        return [SearchResult(d.title, d.url, snippet(query, d.text), round(score, 3)) for score, d in hits]

    def read(self, url: str) -> Document:
        for document in self.documents:
            if document.url == url.strip():
                return document
        raise SearchError(f"no document at {url} (read only URLs that a search returned)")


def describe(backend: SearchBackend) -> str:
    """What a search runs over, said plainly (the tools and the command line show it)."""
    if backend.name != "offline":
        return f"web search ({backend.name})"
    corpus = getattr(backend, "corpus", None)
    return (f"offline search of the local folder {corpus}, not the web" if corpus else
            "offline search of the bundled demo corpus (news about fictional companies), not the web")


def make_search(name: str | None = None, corpus: str | Path | None = None) -> SearchBackend:
    """The backend called `name` (default: $SEARCH_BACKEND, else offline)."""
    name = (name or os.environ.get("SEARCH_BACKEND") or "offline").strip().lower()
    if name == "offline":
        return OfflineSearch(load_corpus(corpus), corpus=corpus)
{%- if cookiecutter.web_search == "tavily" %}
    if name == "tavily":
        from .tavily_search import TavilySearch

        return TavilySearch()
{%- endif %}
    raise SearchError(f"unknown search backend '{name}': choose {' or '.join(BACKENDS)}")
