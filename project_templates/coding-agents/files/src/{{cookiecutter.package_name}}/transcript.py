"""The transcript: every message the agents exchange and every test run, in order.

Shown live in the terminal (shortened) and saved in full as JSON lines and Markdown beside the
patch, so a run can be replayed, reviewed, or turned into an evaluation case.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

PREVIEW_LINES = 6


@dataclass
class Entry:
    step: int
    agent: str  # planner, coder, tester, reviewer, sandbox, human, orchestrator
    kind: str  # message, files, run, decision, note
    content: str
    seconds: float  # since the run started


@dataclass
class Transcript:
    echo: Callable[[str], None] | None = None
    entries: list[Entry] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)

    def add(self, agent: str, kind: str, content: str) -> Entry:
        seconds = round(time.perf_counter() - self.started, 3)
        entry = Entry(len(self.entries) + 1, agent, kind, content.strip(), seconds)
        self.entries.append(entry)
        if self.echo:
            self.echo(preview(entry))
        return entry

    def by(self, agent: str) -> list[Entry]:
        return [e for e in self.entries if e.agent == agent]

    def to_markdown(self) -> str:
        parts = ["# Transcript\n"]
        for e in self.entries:
            parts.append(f"## {e.step}. {e.agent} · {e.kind} · {e.seconds:.1f} s\n\n{e.content}\n")
        return "\n".join(parts)

    def save(self, folder: Path) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        jsonl, markdown = folder / "transcript.jsonl", folder / "transcript.md"
        jsonl.write_text("".join(json.dumps(asdict(e), ensure_ascii=False) + "\n" for e in self.entries),
                         encoding="utf-8")
        markdown.write_text(self.to_markdown(), encoding="utf-8")
        return [jsonl, markdown]


def preview(entry: Entry) -> str:
    lines = entry.content.splitlines() or [""]
    shown = "\n".join("    " + line for line in lines[:PREVIEW_LINES])
    hidden = len(lines) - PREVIEW_LINES
    more = f"\n    … ({hidden} more lines in the transcript)" if hidden > 0 else ""
    return f"[{entry.step:>2}] {entry.agent} · {entry.kind}\n{shown}{more}"
