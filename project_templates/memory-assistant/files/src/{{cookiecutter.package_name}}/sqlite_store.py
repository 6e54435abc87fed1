"""Memories in one SQLite file: a table with an index on (user, kind); embeddings as JSON text.

SQLite comes with Python, handles several processes writing at once, and can be inspected with
any SQLite browser: `sqlite3 .memory/memories.sqlite "SELECT kind, text FROM memories"`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from .memory import KINDS, Memory

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS memories (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ({", ".join(repr(kind) for kind in KINDS)})),
  key TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL,
  session TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  embedder TEXT NOT NULL DEFAULT '',
  embedding TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS memories_by_user ON memories (user, kind);
"""
COLUMNS = ("user", "kind", "key", "text", "session", "created_at", "updated_at", "embedder", "embedding")


class SqliteStore:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.conn = sqlite3.connect(self.path)
        self.conn.row_factory = sqlite3.Row
        with self.conn:
            self.conn.executescript(SCHEMA)

    def _values(self, memory: Memory) -> tuple:
        row = {**vars(memory), "embedding": json.dumps(memory.embedding)}
        return tuple(row[column] for column in COLUMNS)

    def add(self, memory: Memory) -> Memory:
        with self.conn:
            cursor = self.conn.execute(
                f"INSERT INTO memories ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
                self._values(memory))
        memory.id = cursor.lastrowid
        return memory

    def update(self, memory: Memory) -> None:
        with self.conn:
            self.conn.execute(f"UPDATE memories SET {', '.join(f'{c} = ?' for c in COLUMNS)} WHERE id = ?",
                              (*self._values(memory), memory.id))

    def delete(self, ids: Iterable[int]) -> int:
        with self.conn:
            return self.conn.executemany("DELETE FROM memories WHERE id = ?", [(i,) for i in ids]).rowcount

    def memories(self, user: str, kind: str | None = None) -> list[Memory]:
        rows = self.conn.execute(
            "SELECT * FROM memories WHERE user = ? AND (? IS NULL OR kind = ?) ORDER BY created_at, id",
            (user, kind, kind))
        return [Memory(**{**dict(row), "embedding": json.loads(row["embedding"])}) for row in rows]

    def users(self) -> list[str]:
        return [row[0] for row in self.conn.execute("SELECT DISTINCT user FROM memories ORDER BY user")]

    def close(self) -> None:
        self.conn.close()
