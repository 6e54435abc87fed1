"""Your own notes on an item (`genai note`) and everything known about one item (`genai show`).

Notes are appended, dated, to the item's record in the state file (`notes: [{at, text}]`); the
single `note` that `genai check --note` sets stays as it is, and both are shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from genai_roadmap import actions, clock, progress, srs, state
from genai_roadmap.errors import UsageError
from genai_roadmap.roadmap import Item, Phase, Roadmap


@dataclass
class NoteResult:
    roadmap: Roadmap
    item: Item
    note: dict[str, str]
    count: int  # notes on the item now


def add_note(name: str | None, query: str, text: str) -> NoteResult:
    text = state.check_note(text.strip())
    if not text:
        raise UsageError("the note is empty; give its text: genai note ITEM \"text\"")
    rm, _ = actions.select(name)
    item = progress.find_item(rm, query)
    note = {"at": clock.now_iso(), "text": text}
    with state.update_state() as current:
        record = state.item_record(current, rm.id, item.id, item.aliases)
        record.setdefault("notes", []).append(note)
        count = len(record["notes"])
    return NoteResult(rm, item, note, count)


@dataclass
class Related:
    item: Item
    status: str
    quiz: dict[str, Any] = field(default_factory=dict)


@dataclass
class ItemDetail:
    roadmap: Roadmap
    item: Item
    phase: Phase
    status: str
    record: dict[str, Any]
    depends_on: list[Related]
    checks: list[Related]  # for a question: the topics it checks
    questions: list[Related]  # for any other item: the questions that check it
    review: bool  # done, but a question checking it keeps failing

    @property
    def notes(self) -> list[dict[str, str]]:
        return list(self.record.get("notes") or [])

    @property
    def quiz(self) -> dict[str, Any]:
        return dict(self.record.get("quiz") or {})


def show_item(name: str | None, query: str) -> ItemDetail:
    rm, current = actions.select(name)
    item = progress.find_item(rm, query)
    prog = progress.Progress(rm, current)

    def related(other: Item) -> Related:
        return Related(other, prog.status(other), dict(prog.record(other).get("quiz") or {}))

    questions = [related(q) for q in rm.items if item.id in srs.checked_ids(q)]
    return ItemDetail(
        roadmap=rm,
        item=item,
        phase=rm.phase_by_id[item.phase_id],
        status=prog.status(item),
        record=dict(prog.record(item)),
        depends_on=[related(rm.by_id[d]) for d in item.depends_on],
        checks=[related(rm.by_id[c]) for c in srs.checked_ids(item) if c in rm.by_id],
        questions=questions,
        review=prog.status(item) == "done" and any(srs.is_failing(q.quiz) for q in questions),
    )
