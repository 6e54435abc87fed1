"""Memory of past tasks in PostgreSQL with pgvector (optional extra: pip install -e '.[pgvector]').

After each build the team stores a `Lesson` — the task, how it ended and the reviewer's comments —
with an embedding of the task; before planning, the planner is shown the lessons of the most
similar past tasks (cosine distance, pgvector's `<=>`). Start a database with
`docker compose up -d` (docker-compose.yml) and set DATABASE_URL.

The embedding is the local hash embedding (256 dimensions, no model download): similar wording
finds similar tasks. Swap in a real embedding model by changing `embed` and DIMENSIONS (a new table).
`InMemoryMemory` has the same interface for tests and for trying it without a database.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Protocol

from .providers import hash_embedding

DIMENSIONS = 256
RECALL = 3
MAX_DISTANCE = 0.6  # cosine distance above which a past task is not "similar"
TABLE = "coding_agent_lessons"


class MemoryError(RuntimeError):  # noqa: A001 - the module's own error, named for what it is
    """The memory database cannot be used."""


@dataclass
class Lesson:
    task: str
    status: str  # applied, rejected, failed
    reason: str
    comments: list[str] = field(default_factory=list)
    created: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))

    @classmethod
    def of(cls, task: str, status: str, reason: str, comments: list[str]) -> Lesson:
        return cls(task, status, reason, list(comments))

    def as_text(self) -> str:
        said = f" Reviewer: {'; '.join(self.comments)}" if self.comments else ""
        return f'"{self.task}" → {self.status} ({self.reason}).{said}'


def embed(text: str) -> list[float]:
    return hash_embedding(text, DIMENSIONS)


class MemoryStore(Protocol):
    def remember(self, lesson: Lesson) -> None: ...

    def recall(self, task: str, k: int = RECALL) -> list[Lesson]: ...


def cosine_distance(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return 1.0 - dot / norm if norm else 1.0


class InMemoryMemory:
    """The same memory in a list: for tests, and to try the planner's lessons without a database."""

    def __init__(self) -> None:
        self.lessons: list[tuple[Lesson, list[float]]] = []

    def remember(self, lesson: Lesson) -> None:
        self.lessons.append((lesson, embed(lesson.task)))

    def recall(self, task: str, k: int = RECALL) -> list[Lesson]:
        query = embed(task)
        scored = sorted((cosine_distance(query, vector), n, lesson)
                        for n, (lesson, vector) in enumerate(self.lessons))
        return [lesson for distance, _, lesson in scored if distance <= MAX_DISTANCE][:k]


class PgVectorMemory:
    """Lessons in a PostgreSQL table with a `vector(256)` column and an HNSW index."""

    def __init__(self, url: str):
        try:
            import psycopg
            from pgvector.psycopg import register_vector
        except ImportError:
            raise MemoryError("the pgvector memory needs psycopg and pgvector: "
                              "pip install -e '.[pgvector]'") from None
        try:
            self.conn = psycopg.connect(url, autocommit=True, connect_timeout=5)
            self.conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
            register_vector(self.conn)
            self.conn.execute(
                f"CREATE TABLE IF NOT EXISTS {TABLE} (id bigserial PRIMARY KEY, task text NOT NULL, "
                "status text NOT NULL, reason text NOT NULL, comments text[] NOT NULL, "
                f"created timestamptz NOT NULL, embedding vector({DIMENSIONS}) NOT NULL)")
            self.conn.execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_embedding ON {TABLE} "
                              "USING hnsw (embedding vector_cosine_ops)")
        except psycopg.Error as exc:
            raise MemoryError(f"cannot use the memory database: {str(exc).strip().splitlines()[0]} "
                              "(is it running? docker compose up -d)") from None

    def remember(self, lesson: Lesson) -> None:
        import numpy as np

        self.conn.execute(
            f"INSERT INTO {TABLE} (task, status, reason, comments, created, embedding) "
            "VALUES (%s, %s, %s, %s, %s, %s)",
            (lesson.task, lesson.status, lesson.reason, lesson.comments, lesson.created,
             np.array(embed(lesson.task), dtype=np.float32)))

    def recall(self, task: str, k: int = RECALL) -> list[Lesson]:
        import numpy as np

        rows = self.conn.execute(
            "SELECT task, status, reason, comments, created::text, embedding <=> %s AS distance "
            f"FROM {TABLE} ORDER BY distance LIMIT %s",
            (np.array(embed(task), dtype=np.float32), k)).fetchall()
        return [Lesson(t, s, r, list(c), created) for t, s, r, c, created, distance in rows
                if distance <= MAX_DISTANCE]

    def close(self) -> None:
        self.conn.close()
