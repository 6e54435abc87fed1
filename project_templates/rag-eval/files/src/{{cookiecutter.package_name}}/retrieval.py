"""Retrieval: BM25, vector search, their fusion, HyDE and reranking, as named configurations.

    bm25                 keywords only
    vector               embeddings only
    hybrid               both, fused by weighted reciprocal rank fusion
    hybrid+rerank        hybrid, then a cross-scorer reorders the candidates
    hybrid+rerank+hyde   as above, but the vector search uses the embedding of a hypothetical
                         answer written by the LLM (HyDE), averaged with the question's

Every step records a span in the current trace (see `tracing.py`).
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from .bm25 import BM25
from .corpus import Passage
from .prompts import HYDE_SYSTEM
from .providers import Provider, system, user
from .rerank import Reranker
from .tracing import span

VECTOR_WEIGHT = {{ cookiecutter.vector_weight }} / 100  # share of the vector ranking in the fusion
RRF_K = 60  # the usual constant of reciprocal rank fusion: damps the top ranks' lead
CANDIDATES = 12  # how many each retriever proposes, and the reranker reorders


@dataclass(frozen=True)
class RetrievalConfig:
    name: str
    bm25: bool = True
    vector: bool = True
    rerank: bool = False
    hyde: bool = False


CONFIGS = {c.name: c for c in (
    RetrievalConfig("bm25", vector=False),
    RetrievalConfig("vector", bm25=False),
    RetrievalConfig("hybrid"),
    RetrievalConfig("hybrid+rerank", rerank=True),
    RetrievalConfig("hybrid+rerank+hyde", rerank=True, hyde=True),
)}
DEFAULT_CONFIG = "hybrid+rerank"


@dataclass
class Hit:
    passage: Passage
    score: float
    ranks: dict[str, int] = field(default_factory=dict)  # retriever → 1-based rank


@dataclass
class Retrieval:
    hits: list[Hit]
    hypothetical: str | None = None


def cosine(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    norm = math.sqrt(sum(x * x for x in a) * sum(y * y for y in b))
    return dot / norm if norm else 0.0


def reciprocal_rank_fusion(rankings: dict[str, list[int]], weights: dict[str, float],
                           k: int = RRF_K) -> list[tuple[int, float]]:
    """score(d) = Σ weight_r / (k + rank_r(d)); only ranks count, so BM25 scores and cosine
    similarities need no common scale. Ties keep the lower index first."""
    fused: dict[int, float] = {}
    for name, ranking in rankings.items():
        for rank, index in enumerate(ranking, 1):
            fused[index] = fused.get(index, 0.0) + weights.get(name, 1.0) / (k + rank)
    return sorted(fused.items(), key=lambda pair: (-pair[1], pair[0]))


class VectorIndex:
    """The passages' embeddings, kept in memory, and on disk when given a cache directory
    (keyed by provider and text, so a real provider embeds each passage once)."""

    def __init__(self, passages: list[Passage], embedder: Provider, cache_dir: str | Path | None = None):
        self.embedder = embedder
        texts = [f"{p.title}\n{p.text}" for p in passages]
        cache_file = Path(cache_dir) / f"embeddings-{embedder.name}.json" if cache_dir else None
        cache = {}
        if cache_file and cache_file.exists():
            cache = json.loads(cache_file.read_text(encoding="utf-8"))
        keys = [hashlib.sha256(f"{getattr(embedder, 'embedding_model', '')}\n{t}".encode()).hexdigest()
                for t in texts]
        missing = [i for i, key in enumerate(keys) if key not in cache]
        if missing:
            for i, vector in zip(missing, embedder.embed([texts[i] for i in missing]), strict=True):
                cache[keys[i]] = vector
            if cache_file:
                cache_file.parent.mkdir(parents=True, exist_ok=True)
                cache_file.write_text(json.dumps(cache), encoding="utf-8")
        self.vectors = [cache[key] for key in keys]

    def search(self, vector: list[float], k: int) -> list[tuple[int, float]]:
        scored = [(i, cosine(vector, v)) for i, v in enumerate(self.vectors)]
        return sorted(scored, key=lambda pair: (-pair[1], pair[0]))[:k]


class Retriever:
    def __init__(self, passages: list[Passage], provider: Provider, reranker: Reranker,
                 vector_weight: float = VECTOR_WEIGHT, cache_dir: str | Path | None = None):
        if not 0 <= vector_weight <= 1:
            raise ValueError("vector_weight is between 0 and 1")
        self.passages = passages
        self.provider = provider
        self.reranker = reranker
        self.vector_weight = vector_weight
        self.bm25 = BM25([f"{p.title} {p.text}" for p in passages])
        self.vectors = VectorIndex(passages, provider, cache_dir)

    def hyde(self, question: str) -> tuple[str, list[float]]:
        """The hypothetical answer and the search vector: its embedding averaged with the question's."""
        with span("hyde.generate", question=question) as s:
            hypothetical = self.provider.complete([system(HYDE_SYSTEM), user(question)]).strip()
            s.outputs["hypothetical"] = hypothetical
        with span("hyde.embed"):
            q_vector, h_vector = self.provider.embed([question, hypothetical])
        return hypothetical, [(a + b) / 2 for a, b in zip(q_vector, h_vector, strict=True)]

    def retrieve(self, question: str, config: RetrievalConfig | str = DEFAULT_CONFIG,
                 k: int = 4) -> Retrieval:
        config = CONFIGS[config] if isinstance(config, str) else config
        rankings: dict[str, list[int]] = {}
        hypothetical = None
        if config.bm25:
            with span("retrieve.bm25", question=question) as s:
                rankings["bm25"] = [i for i, _ in self.bm25.search(question, CANDIDATES)]
                s.outputs["ids"] = [self.passages[i].id for i in rankings["bm25"]]
        if config.vector:
            if config.hyde:
                hypothetical, vector = self.hyde(question)
            else:
                with span("embed.question"):
                    (vector,) = self.provider.embed([question])
            with span("retrieve.vector") as s:
                rankings["vector"] = [i for i, _ in self.vectors.search(vector, CANDIDATES)]
                s.outputs["ids"] = [self.passages[i].id for i in rankings["vector"]]
        weights = {"vector": self.vector_weight, "bm25": 1 - self.vector_weight}
        if len(rankings) == 1:  # a single retriever keeps its own order (and any weight)
            weights = dict.fromkeys(rankings, 1.0)
        with span("fuse", weights=weights) as s:
            fused = reciprocal_rank_fusion(rankings, weights)[:CANDIDATES]
            s.outputs["ids"] = [self.passages[i].id for i, _ in fused]
        ranks = {name: {index: rank for rank, index in enumerate(r, 1)} for name, r in rankings.items()}
        hits = [Hit(self.passages[i], score, {name: ranks[name][i] for name in ranks if i in ranks[name]})
                for i, score in fused]
        if config.rerank and hits:
            with span("rerank", reranker=self.reranker.name, candidates=len(hits)) as s:
                scores = self.reranker.score(question, [h.passage for h in hits])
                order = sorted(range(len(hits)), key=lambda i: (-scores[i], i))
                hits = [Hit(hits[i].passage, scores[i], hits[i].ranks) for i in order]
                s.outputs["ids"] = [h.passage.id for h in hits[:k]]
        return Retrieval(hits[:k], hypothetical)
