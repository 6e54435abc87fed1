"""FAISS vector store (optional extra: pip install -e '.[faiss]').

Chunks and vectors are kept by LocalStore's JSON file; FAISS does the search: exact inner product
over normalised vectors, i.e. cosine similarity. The flat index is rebuilt on load, which is
instant at this size; for millions of chunks switch to an IVF index and `faiss.write_index` it.
"""

from __future__ import annotations

from pathlib import Path

from .chunking import Chunk
from .providers.base import require_sdk
from .store import LocalStore


class FaissStore(LocalStore):
    def __init__(self, directory: str | Path):
        self.faiss = require_sdk("faiss", "faiss")
        self.np = require_sdk("numpy", "faiss")
        super().__init__(directory)
        self.index = self._build()

    def _matrix(self, vectors: list[list[float]]):
        matrix = self.np.asarray(vectors, dtype="float32")
        self.faiss.normalize_L2(matrix)
        return matrix

    def _build(self):
        if not self.vectors:
            return None
        index = self.faiss.IndexFlatIP(len(self.vectors[0]))
        index.add(self._matrix(self.vectors))
        return index

    def add(self, chunks: list[Chunk], vectors: list[list[float]], embedder: str) -> None:
        super().add(chunks, vectors, embedder)
        self.index = self._build()

    def search(self, vector: list[float], k: int, embedder: str) -> list[tuple[Chunk, float]]:
        self._check(embedder)
        if self.index is None:
            return []
        scores, ids = self.index.search(self._matrix([vector]), min(k, len(self.chunks)))
        return [(self.chunks[i], float(s)) for s, i in zip(scores[0], ids[0], strict=True) if i >= 0]
