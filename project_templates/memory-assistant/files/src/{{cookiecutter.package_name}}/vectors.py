"""Recall is hybrid: a keyword ranking (BM25, bm25s) and a vector ranking, fused by reciprocal
rank fusion (a memory scores Σ 1 / (60 + rank) over the rankings it is in, scaled so that 1.0
means "first in both"). Keywords catch names and numbers ("Rex", "E-104") that embeddings blur;
vectors catch paraphrases ("my flight" for "flying to Tokyo").

{%- if cookiecutter.vector_store == "chroma" %}
The vector ranking comes from Chroma, a local vector database in the data directory (`chroma/`).
{%- elif cookiecutter.vector_store == "faiss" %}
The vector ranking comes from FAISS: an exact inner-product index over the unit vectors of the
user's memories (kept with each memory in the store), built for each search; at a few thousand
memories per user that takes milliseconds. For millions, keep a trained IVF index on disk.
{%- else %}
The vector ranking is cosine similarity over the embeddings kept with each memory, in pure Python.
{%- endif %}
{%- if cookiecutter.vector_store == "chroma" %}
The memory store (SQLite or JSON) stays the record of truth; Chroma is an index of it, brought up
to date before each search (new, changed and deleted memories), with one collection per embedding
model so that switching providers never mixes vectors of different models.
{%- endif %}
"""

from __future__ import annotations

{% if cookiecutter.vector_store == "chroma" -%}
import hashlib
{% endif -%}
from collections.abc import Callable
from pathlib import Path

from .memory import MIN_SIMILARITY, Memory, cosine
from .providers import tokens

VECTOR_STORE = "{{ cookiecutter.vector_store }}"
RRF_K = 60  # the usual constant of reciprocal rank fusion: damps the top ranks' lead
CANDIDATES = 50  # how many memories each ranking proposes before fusion

VectorOf = Callable[[Memory], list[float]]


def fuse(rankings: list[list[int]], k: int = RRF_K) -> list[tuple[int, float]]:
    """Reciprocal rank fusion of rankings of memory ids, best first, scores scaled to 0..1."""
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, key in enumerate(ranking, 1):
            scores[key] = scores.get(key, 0.0) + 1 / (k + rank)
    best_possible = len(rankings) / (k + 1)
    return sorted(((key, score / best_possible) for key, score in scores.items()),
                  key=lambda pair: (-pair[1], pair[0]))


def keyword_ranking(query: str, memories: list[Memory], k: int = CANDIDATES) -> list[int]:
    """Memory ids by BM25 score (bm25s), only those sharing a word with the query."""
    import bm25s

    wanted = tokens(query)
    if not wanted or not memories:
        return []
    retriever = bm25s.BM25()
    # The project's own tokens (lower-cased, stemmed, no stop words) on both sides.
    retriever.index([tokens(m.text) or ["\x00"] for m in memories], show_progress=False)
    found, scores = retriever.retrieve([wanted], k=min(k, len(memories)), show_progress=False)
    return [memories[int(i)].id for i, score in zip(found[0], scores[0], strict=True) if score > 0]


class BuiltinVectors:
    """Cosine similarity against every candidate's stored embedding."""

    def rank(self, user: str, query: list[float], memories: list[Memory], everything: list[Memory],
             vector_of: VectorOf, embedder: str, k: int = CANDIDATES) -> list[tuple[int, float]]:
        scored = [(m.id, cosine(query, vector_of(m))) for m in memories]
        return sorted((p for p in scored if p[1] >= MIN_SIMILARITY), key=lambda p: (-p[1], p[0]))[:k]

    def close(self) -> None:
        pass
{%- if cookiecutter.vector_store == "faiss" %}


class FaissVectors(BuiltinVectors):
    """FAISS (faiss-cpu): exact inner product of unit vectors, i.e. cosine similarity."""

    def rank(self, user: str, query: list[float], memories: list[Memory], everything: list[Memory],
             vector_of: VectorOf, embedder: str, k: int = CANDIDATES) -> list[tuple[int, float]]:
        import faiss
        import numpy as np

        if not memories:
            return []
        matrix = np.asarray([vector_of(m) for m in memories], dtype="float32")
        wanted = np.asarray([query], dtype="float32")
        faiss.normalize_L2(matrix)
        faiss.normalize_L2(wanted)
        index = faiss.IndexFlatIP(matrix.shape[1])
        index.add(matrix)
        scores, rows = index.search(wanted, min(k, len(memories)))
        return [(memories[int(row)].id, float(score)) for score, row in zip(scores[0], rows[0], strict=True)
                if row >= 0 and score >= MIN_SIMILARITY]
{%- endif %}
{%- if cookiecutter.vector_store == "chroma" %}


class ChromaVectors:
    """A persistent local Chroma database. Embeddings are always passed in, so Chroma never loads
    (or downloads) an embedding model of its own; telemetry is off."""

    def __init__(self, directory: str | Path):
        self.directory = Path(directory)
        self._client = None

    def _collection(self, embedder: str):
        if self._client is None:
            import chromadb
            from chromadb.config import Settings

            self._client = chromadb.PersistentClient(path=str(self.directory),
                                                     settings=Settings(anonymized_telemetry=False))
        name = "memories-" + hashlib.sha256(embedder.encode()).hexdigest()[:16]
        return self._client.get_or_create_collection(
            name, metadata={"hnsw:space": "cosine", "embedder": embedder}, embedding_function=None)

    @staticmethod
    def _version(memory: Memory) -> str:
        return hashlib.sha256(f"{memory.kind}\n{memory.updated_at}\n{memory.text}".encode()).hexdigest()[:16]

    def sync(self, collection, user: str, everything: list[Memory], vector_of: VectorOf) -> None:
        """Make the user's part of the collection match the store: add, re-embed, delete."""
        held = collection.get(where={"user": user}, include=["metadatas"])
        versions = {i: (meta or {}).get("version")
                    for i, meta in zip(held["ids"], held["metadatas"], strict=True)}
        stale = [m for m in everything if versions.get(str(m.id)) != self._version(m)]
        if stale:
            collection.upsert(ids=[str(m.id) for m in stale], embeddings=[vector_of(m) for m in stale],
                              documents=[m.text for m in stale],
                              metadatas=[{"user": user, "kind": m.kind, "version": self._version(m)}
                                         for m in stale])
        gone = set(versions) - {str(m.id) for m in everything}
        if gone:
            collection.delete(ids=sorted(gone))

    def rank(self, user: str, query: list[float], memories: list[Memory], everything: list[Memory],
             vector_of: VectorOf, embedder: str, k: int = CANDIDATES) -> list[tuple[int, float]]:
        collection = self._collection(embedder)
        self.sync(collection, user, everything, vector_of)
        if not memories:
            return []
        wanted = {m.id for m in memories}
        found = collection.query(query_embeddings=[query], n_results=min(len(everything), max(k, 1) * 4),
                                 where={"user": user}, include=["distances"])
        # Chroma's cosine distance is 1 - cosine similarity.
        pairs = [(int(i), 1 - d) for i, d in zip(found["ids"][0], found["distances"][0], strict=True)]
        return [(i, s) for i, s in pairs if i in wanted and s >= MIN_SIMILARITY][:k]

    def close(self) -> None:
        self._client = None
{%- endif %}


def open_vectors(data_directory: str | Path):
    """The vector index this project was generated with, for the store in `data_directory`."""
{%- if cookiecutter.vector_store == "chroma" %}
    return ChromaVectors(Path(data_directory) / "chroma")
{%- elif cookiecutter.vector_store == "faiss" %}
    return FaissVectors()
{%- else %}
    return BuiltinVectors()
{%- endif %}
