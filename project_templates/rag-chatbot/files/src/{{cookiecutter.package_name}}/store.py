"""Vector stores: chunks with their embeddings, searched by cosine similarity.

`LocalStore` keeps everything in one JSON file and searches in pure Python: no dependency, fine
for thousands of chunks. `open_store` picks the store this project was generated with.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import asdict
from pathlib import Path
from typing import Protocol

from .chunking import Chunk

VECTOR_STORE = "{{ cookiecutter.vector_store }}"


class StoreError(RuntimeError):
    """The index cannot be used as it is (e.g. built with other embeddings)."""


class VectorStore(Protocol):
    def add(self, chunks: list[Chunk], vectors: list[list[float]], embedder: str) -> None: ...

    def search(self, vector: list[float], k: int, embedder: str) -> list[tuple[Chunk, float]]: ...

    def sources(self) -> list[str]: ...

    def __len__(self) -> int: ...


def cosine(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    norms = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return dot / norms if norms else 0.0


class LocalStore:
    def __init__(self, directory: str | Path):
        self.file = Path(directory) / "index.json"
        self.embedder: str | None = None
        self.chunks: list[Chunk] = []
        self.vectors: list[list[float]] = []
        if self.file.exists():
            data = json.loads(self.file.read_text(encoding="utf-8"))
            self.embedder = data["embedder"]
            self.chunks = [Chunk(**c) for c in data["chunks"]]
            self.vectors = data["vectors"]

    def _check(self, embedder: str) -> None:
        if self.embedder and self.chunks and self.embedder != embedder:
            raise StoreError(f"the index was built with {self.embedder} embeddings, not {embedder}: "
                             f"delete {self.file.parent} and ingest again")

    def add(self, chunks: list[Chunk], vectors: list[list[float]], embedder: str) -> None:
        """Add chunks; a source that is ingested again replaces its old chunks."""
        self._check(embedder)
        replaced = {c.source for c in chunks}
        kept = [(c, v) for c, v in zip(self.chunks, self.vectors, strict=True) if c.source not in replaced]
        pairs = kept + list(zip(chunks, vectors, strict=True))
        self.chunks, self.vectors = [c for c, _ in pairs], [v for _, v in pairs]
        self.embedder = embedder
        self._save()

    def search(self, vector: list[float], k: int, embedder: str) -> list[tuple[Chunk, float]]:
        self._check(embedder)
        scored = [(chunk, cosine(vector, v)) for chunk, v in zip(self.chunks, self.vectors, strict=True)]
        return sorted(scored, key=lambda pair: -pair[1])[:k]

    def sources(self) -> list[str]:
        return sorted({c.source for c in self.chunks})

    def __len__(self) -> int:
        return len(self.chunks)

    def _save(self) -> None:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.file.with_suffix(".tmp")
        chunks = [asdict(c) for c in self.chunks]
        data = {"embedder": self.embedder, "chunks": chunks, "vectors": self.vectors}
        tmp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(tmp, self.file)  # a crash mid-write never leaves half an index


def open_store(directory: str | Path) -> VectorStore:
{%- if cookiecutter.vector_store == "faiss" %}
    if VECTOR_STORE == "faiss":
        from .faiss_store import FaissStore

        return FaissStore(directory)
{%- endif %}
    return LocalStore(directory)
