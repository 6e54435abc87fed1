"""`genai show`: everything known about one item — details, resources, notes, quiz record."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from genai_roadmap import progress, srs
from genai_roadmap.commands import exercise
from genai_roadmap.roadmap import Item, Phase, Roadmap
from genai_roadmap.selection import select


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
    exercises: list[tuple[str, str, str]] = field(default_factory=list)  # (id, title, status) that practise it

    @property
    def notes(self) -> list[dict[str, str]]:
        return list(self.record.get("notes") or [])

    @property
    def quiz(self) -> dict[str, Any]:
        return dict(self.record.get("quiz") or {})


def show_item(name: str | None, query: str) -> ItemDetail:
    rm, current = select(name)
    item = progress.find_item(rm, query)
    prog = progress.Progress(rm, current)

    def related(other: Item) -> Related:
        return Related(other, prog.status(other), dict(srs.migrate(prog.record(other).get("quiz") or {})))

    record = dict(prog.record(item))
    if record.get("quiz"):
        record["quiz"] = srs.migrate(record["quiz"])  # an SM-2 record is shown as FSRS reads it

    questions = [related(q) for q in rm.items if item.id in srs.checked_ids(q)]
    return ItemDetail(
        roadmap=rm,
        item=item,
        phase=rm.phase_by_id[item.phase_id],
        status=prog.status(item),
        record=record,
        depends_on=[related(rm.by_id[d]) for d in item.depends_on],
        checks=[related(rm.by_id[c]) for c in srs.checked_ids(item) if c in rm.by_id],
        questions=questions,
        review=prog.status(item) == "done" and any(srs.is_failing(q.quiz) for q in questions),
        exercises=exercise.for_item(rm.id, item.id, prog.record(item)),
    )
