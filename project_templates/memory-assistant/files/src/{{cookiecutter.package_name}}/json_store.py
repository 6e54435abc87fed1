"""Memories in one JSON file, rewritten whole (atomically) on every change.

Easy to read and to diff: open `.memory/memories.json` in an editor. It is loaded once when the
store opens, so two processes writing at the same time would overwrite each other's changes;
that is the price of simplicity (the SQLite store does not have it).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path

from .memory import Memory


class JsonStore:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.next_id = 1
        self.records: list[dict] = []
        if self.path.exists():
            data = json.loads(self.path.read_text(encoding="utf-8"))
            self.next_id, self.records = data["next_id"], data["memories"]

    def _save(self) -> None:
        tmp = self.path.with_suffix(".tmp")
        data = {"next_id": self.next_id, "memories": self.records}
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, self.path)  # a crash mid-write never leaves half a file

    def add(self, memory: Memory) -> Memory:
        memory.id, self.next_id = self.next_id, self.next_id + 1
        self.records.append(asdict(memory))
        self._save()
        return memory

    def update(self, memory: Memory) -> None:
        self.records = [asdict(memory) if r["id"] == memory.id else r for r in self.records]
        self._save()

    def delete(self, ids: Iterable[int]) -> int:
        doomed = set(ids)
        kept = [r for r in self.records if r["id"] not in doomed]
        removed, self.records = len(self.records) - len(kept), kept
        self._save()
        return removed

    def memories(self, user: str, kind: str | None = None) -> list[Memory]:
        chosen = [r for r in self.records if r["user"] == user and kind in (None, r["kind"])]
        return [Memory(**r) for r in sorted(chosen, key=lambda r: (r["created_at"], r["id"]))]

    def users(self) -> list[str]:
        return sorted({r["user"] for r in self.records})

    def close(self) -> None:
        pass
