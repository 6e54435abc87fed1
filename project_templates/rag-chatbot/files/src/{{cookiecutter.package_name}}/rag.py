"""The RAG pipeline: ingest (load → chunk → embed → store) and ask (retrieve → prompt → answer).

Answers come back with page citations and a confidence score between 0 and 1: the mean of the
best retrieval similarity and the share of the answer's words found in the retrieved passages.
A low score means "check the sources yourself".
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .chunking import Chunk, chunk_pages
from .documents import load
from .providers import Provider, get_provider, system, tokens, user
from .store import VectorStore, open_store

DEFAULT_INDEX = ".index"
TOP_K = 4
SYSTEM_PROMPT = (
    "You answer questions about the user's documents. Use only the passages inside <context>; "
    "each starts with its source in brackets, like [handbook.pdf p.2]. Cite the sources you use "
    "in that form. If the passages do not contain the answer, say that you don't know."
)
PROMPT_TEMPLATE = "<context>\n{context}\n</context>\n\nQuestion: {question}"


@dataclass
class Citation:
    source: str
    page: int
    score: float
    snippet: str


@dataclass
class Answer:
    text: str
    confidence: float
    citations: list[Citation] = field(default_factory=list)


def index_dir() -> Path:
    return Path(os.environ.get("RAG_INDEX_DIR") or DEFAULT_INDEX)


class RagPipeline:
    def __init__(self, store: VectorStore | None = None, provider: Provider | None = None):
        self.store = store if store is not None else open_store(index_dir())
        self.provider = provider or get_provider()

    def ingest(self, path: str | Path, source: str | None = None) -> int:
        """Index one document; returns how many chunks it gave."""
        chunks = chunk_pages(load(path, source))
        if chunks:
            vectors = self.provider.embed([c.text for c in chunks])
            self.store.add(chunks, vectors, self.provider.name)
        return len(chunks)

    def retrieve(self, question: str, k: int = TOP_K) -> list[tuple[Chunk, float]]:
        (vector,) = self.provider.embed([question])
        return self.store.search(vector, k, self.provider.name)

    def ask(self, question: str, k: int = TOP_K) -> Answer:
        hits = self.retrieve(question, k)
        if not hits:
            return Answer("The index is empty: ingest some documents first.", 0.0)
        context = "\n\n".join(f"{chunk.label}\n{chunk.text}" for chunk, _ in hits)
        text = self.provider.complete(
            [system(SYSTEM_PROMPT), user(PROMPT_TEMPLATE.format(context=context, question=question))]
        ).strip()
        return Answer(text, confidence(text, hits), citations(hits))


def citations(hits: list[tuple[Chunk, float]]) -> list[Citation]:
    """One citation per source page, best first, keeping pages at least half as close as the best."""
    best = hits[0][1]
    seen, result = set(), []
    for chunk, score in hits:
        if (chunk.source, chunk.page) in seen or score < best / 2:
            continue
        seen.add((chunk.source, chunk.page))
        result.append(Citation(chunk.source, chunk.page, round(score, 3), chunk.text[:160]))
    return result


def confidence(answer: str, hits: list[tuple[Chunk, float]]) -> float:
    if not hits or "don't know" in answer.lower():
        return 0.0
    retrieval = max(0.0, min(1.0, hits[0][1]))
    words = set(tokens(answer))
    found = set(tokens(" ".join(chunk.text for chunk, _ in hits)))
    grounding = len(words & found) / len(words) if words else 0.0
    return round((retrieval + grounding) / 2, 2)
