"""The three kinds of memory, on top of a store, with vector retrieval and compression.

- episodic: what the user said, when, in which session ("I'm flying to Tokyo on Tuesday");
- semantic: general facts about the user, deduplicated ("You live in Lisbon.");
- procedural: how the user wants to be answered ("Answer in bullet points.");
- digest: old episodes summarized into one memory when there are more than the budget.

Every memory is embedded when it is written (offline: hash embeddings) and recalled by hybrid
search (see vectors.py): BM25 keywords and vector similarity, fused by reciprocal rank fusion.
A memory embedded by another provider is re-embedded the first time it is compared.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Protocol

from .extraction import Fact
from .providers import Message, Provider, system

KINDS = ("episodic", "semantic", "procedural", "digest")
PROFILE_LIMIT = 20  # facts always given to the model; past that, the most relevant ones
MIN_SIMILARITY = 0.1  # weaker matches are not recalled
DUPLICATE_SIMILARITY = 0.9  # a new fact this close to a known one updates it instead of adding
SUMMARIZE_PROMPT = """Summarize these messages from the user into one short digest that keeps every
concrete fact, plan, date and name. Write it in the second person ("You said ..."), and reply with
the digest only."""


@dataclass
class Memory:
    user: str
    kind: str
    text: str
    key: str = ""  # semantic and procedural: what the memory is about ("location", "likes:tea", "tone")
    session: str = ""
    created_at: str = ""  # ISO 8601, UTC; for a digest, its first episode
    updated_at: str = ""  # for a digest, its last episode
    embedder: str = ""
    embedding: list[float] = field(default_factory=list, repr=False)
    id: int = 0

    @property
    def when(self) -> str:
        """`2025-03-01 10:02`; for a digest, its day or its days (`2025-03-01..2025-03-04`)."""
        if self.kind == "digest":
            first, last = self.created_at[:10], self.updated_at[:10]
            return first if first == last else f"{first}..{last}"
        return self.created_at[:16].replace("T", " ")


class MemoryStore(Protocol):
    """Persistence: `sqlite_store.SqliteStore` or `json_store.JsonStore` (see store.py)."""

    path: Path  # its file; the vector index lives in the same directory

    def add(self, memory: Memory) -> Memory: ...

    def update(self, memory: Memory) -> None: ...

    def delete(self, ids: Iterable[int]) -> int: ...

    def memories(self, user: str, kind: str | None = None) -> list[Memory]: ...  # oldest first

    def users(self) -> list[str]: ...

    def close(self) -> None: ...


def cosine(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    norm = math.sqrt(sum(x * x for x in a) * sum(y * y for y in b))
    return dot / norm if norm else 0.0


def utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def ticking_clock(start: datetime, step: timedelta = timedelta(minutes=1)) -> Callable[[], datetime]:
    """A clock that moves on by `step` at every reading: for tests, or to replay an old chat log."""
    ticks = itertools.count(1)
    return lambda: start + step * next(ticks)


def _same_text(a: str, b: str) -> bool:
    return re.sub(r"\W+", " ", a).strip().lower() == re.sub(r"\W+", " ", b).strip().lower()


class MemoryBank:
    def __init__(self, store: MemoryStore, provider: Provider, now: Callable[[], datetime] = utc_now,
                 vectors=None):
        from .vectors import open_vectors

        self.store = store
        self.provider = provider
        self.now = now
        # The vector index lives next to the store's file, in the data directory.
        self.vectors = vectors if vectors is not None else open_vectors(store.path.parent)
        self.embedder = f"{provider.name}:{getattr(provider, 'embedding_model', 'hash')}"

    # --- writing --------------------------------------------------------------------------------
    def _embed(self, text: str) -> list[float]:
        return self.provider.embed([text])[0]

    def _vector(self, memory: Memory) -> list[float]:
        if memory.embedder != self.embedder or not memory.embedding:
            memory.embedding, memory.embedder = self._embed(memory.text), self.embedder
            self.store.update(memory)
        return memory.embedding

    def add(self, user: str, kind: str, text: str, key: str = "", session: str = "",
            created_at: str | None = None) -> Memory:
        if kind not in KINDS:
            raise ValueError(f"unknown kind of memory '{kind}': one of {', '.join(KINDS)}")
        stamp = self.now().isoformat()
        memory = Memory(user, kind, text.strip(), key, session, created_at or stamp, stamp, self.embedder,
                        self._embed(text))
        return self.store.add(memory)

    def record_episode(self, user: str, text: str, session: str) -> Memory:
        return self.add(user, "episodic", text, session=session)

    def remember(self, user: str, fact: Fact, kind: str = "semantic") -> tuple[str, Memory]:
        """Add a fact or preference, or update the one it repeats: ("added"|"updated"|"unchanged", memory).

        The same key means the same thing (a new `location` replaces the old); without a matching
        key, a near-identical text (cosine >= DUPLICATE_SIMILARITY) counts as the same fact.
        """
        known = self.store.memories(user, kind)
        same = next((m for m in known if fact.key and m.key == fact.key), None)
        if same is None:
            vector = self._embed(fact.text)
            same = next((m for m in known if _same_text(m.text, fact.text)
                         or cosine(vector, self._vector(m)) >= DUPLICATE_SIMILARITY), None)
        if same is None:
            return "added", self.add(user, kind, fact.text, fact.key)
        if _same_text(same.text, fact.text):
            return "unchanged", same
        same.text, same.key, same.updated_at = fact.text, fact.key or same.key, self.now().isoformat()
        same.embedding, same.embedder = self._embed(fact.text), self.embedder
        self.store.update(same)
        return "updated", same

    # --- reading --------------------------------------------------------------------------------
    def memories(self, user: str, kind: str | None = None) -> list[Memory]:
        return self.store.memories(user, kind)

    def search(self, user: str, query: str, k: int, kinds: Iterable[str] = KINDS,
               skip_session: str | None = None) -> list[tuple[Memory, float]]:
        """The `k` memories that match `query` best, with their fused score (0..1), best first:
        those sharing a word with it (BM25) or at least MIN_SIMILARITY close to it (vectors)."""
        from .vectors import fuse, keyword_ranking

        kinds = set(kinds)
        everything = self.store.memories(user)
        candidates = [m for m in everything
                      if m.kind in kinds and not (skip_session and m.session == skip_session)]
        if not candidates:
            return []
        by_id = {m.id: m for m in candidates}
        vector = self.vectors.rank(user, self._embed(query), candidates, everything, self._vector,
                                   self.embedder)
        keyword = keyword_ranking(query, candidates)
        return [(by_id[i], round(score, 4)) for i, score in fuse([keyword, [i for i, _ in vector]])[:k]]

    def profile(self, user: str, query: str, limit: int = PROFILE_LIMIT) -> list[Memory]:
        """The facts the model always sees: all of them, or the `limit` closest to the query."""
        facts = self.store.memories(user, "semantic")
        if len(facts) <= limit:
            return facts
        return [memory for memory, _ in self.search(user, query, limit, kinds=["semantic"])]

    # --- compressing and forgetting -------------------------------------------------------------
    def compress(self, user: str, budget: int) -> Memory | None:
        """Over `budget` episodes, the model summarizes the oldest into one digest, down to half of it."""
        episodes = self.store.memories(user, "episodic")
        if len(episodes) <= budget:
            return None
        oldest = episodes[:len(episodes) - budget // 2]
        lines = "\n".join(f"[{m.when}] {m.text}" for m in oldest)
        prompt = [system(SUMMARIZE_PROMPT), Message("user", lines)]
        summary = self.provider.complete(prompt, max_tokens=300).strip()
        digest = self.add(user, "digest", summary, created_at=oldest[0].created_at)
        digest.updated_at = oldest[-1].created_at
        self.store.update(digest)
        self.store.delete(m.id for m in oldest)
        return digest

    def forget(self, user: str, ids: Iterable[int] = (), kind: str | None = None,
               matching: str | None = None, everything: bool = False) -> int:
        """Delete memories by id, by kind, by text (case-insensitive substring), or all of them."""
        wanted = set(ids)
        doomed = [m for m in self.store.memories(user)
                  if everything or m.id in wanted or (kind and m.kind == kind)
                  or (matching and matching.lower() in m.text.lower())]
        return self.store.delete(m.id for m in doomed)
