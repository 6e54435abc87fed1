"""`genai next`, `genai status`, `genai check`: what to do now, how far along, ticking items off."""

from __future__ import annotations

from dataclasses import dataclass, field

from genai_roadmap import progress, roadmap, state
from genai_roadmap.errors import NotFoundError, UsageError
from genai_roadmap.selection import select


def next_items(name: str | None, count: int, phase: str | None) -> progress.NextResult:
    if count < 1:
        raise UsageError("--count must be at least 1")
    rm, current = select(name)
    chosen_phase = progress.find_phase(rm, phase) if phase else None
    prog = progress.Progress(rm, current)
    result = progress.next_items(prog, count, chosen_phase)
    if any("quiz" in record for record in prog.records.values()):  # spare the import when nobody quizzed
        from genai_roadmap import srs

        result.review = srs.review_topics(prog, chosen_phase)
    from genai_roadmap.hardware import (
        advice,  # standard library only: reads the last `genai hw` result
    )

    result.hardware_advice = advice.advice_for(entry.item for entry in result.items)
    return result


def status(name: str | None, phase: str | None) -> progress.StatusResult:
    rm, current = select(name)
    chosen_phase = progress.find_phase(rm, phase) if phase else None
    result = progress.status(progress.Progress(rm, current), chosen_phase)
    proven = [(item, evidence) for item, record in result.items
              if (evidence := progress.verified(record)) and evidence.get("by") == "project"]
    if proven:  # only then: telling a changed project needs git
        from genai_roadmap.acceptance import change_since

        result.changed = {item.id: why for item, evidence in proven if (why := change_since(evidence))}
    return result


@dataclass
class CheckResult:
    roadmap: roadmap.Roadmap
    changes: list[tuple[roadmap.Item, str, str]]  # item, status before, status after
    phase: progress.PhaseProgress | None = None
    unverified: list[roadmap.Item] = field(default_factory=list)  # project items ticked done without evidence


ACTION_STATUS = {"done": "done", "undo": None, "skip": "skipped", "start": "in_progress"}


def check(name: str | None, queries: list[str], action: str = "done", note: str | None = None) -> CheckResult:
    """Set the status of each named item; resolves all names before changing anything."""
    if note is not None:
        state.check_note(note)
    rm, _ = select(name)
    items = _resolve_all(rm, queries)
    return _apply(rm, [(item, ACTION_STATUS[action]) for item in items], note)


@dataclass
class Checklist:
    """The current phase as a checkbox: (item id, label, ticked) for each item."""

    roadmap: roadmap.Roadmap
    phase: roadmap.Phase
    choices: list[tuple[str, str, bool]]


def current_checklist(name: str | None) -> Checklist:
    rm, current = select(name)
    prog = progress.Progress(rm, current)
    phase = progress.current_phase(prog)
    return Checklist(rm, phase, [(item.id, f"{item.title}  ({item.id})", prog.status(item) == "done")
                                 for item in phase.items])


def check_selection(rm: roadmap.Roadmap, phase: roadmap.Phase, ticked: set[str]) -> CheckResult:
    """Apply an interactive checkbox: ticked items become done, unticked done items pending."""
    changes = []
    current = progress.Progress(rm, state.read_state())
    for item in phase.items:
        was = current.status(item)
        if item.id in ticked and was != "done":
            changes.append((item, "done"))
        elif item.id not in ticked and was == "done":
            changes.append((item, None))
    return _apply(rm, changes, None)


def _resolve_all(rm: roadmap.Roadmap, queries: list[str]) -> list[roadmap.Item]:
    items, errors = [], []
    for query in queries:
        try:
            item = progress.find_item(rm, query)
        except NotFoundError as exc:
            errors.append(exc.message + (f" ({exc.hint})" if exc.hint else ""))
            continue
        if item not in items:
            items.append(item)
    if errors:
        raise NotFoundError("; ".join(errors), hint="nothing was changed")
    return items


def _apply(rm: roadmap.Roadmap, changes: list[tuple[roadmap.Item, str | None]], note: str | None) -> CheckResult:
    result = CheckResult(rm, [])
    with state.update_state() as current:
        before = progress.Progress(rm, current)
        for item, new_status in changes:
            was = before.status(item)
            state.item_record(current, rm.id, item.id, item.aliases)  # adopt progress kept under an old id
            state.set_status(current, rm.id, item.id, new_status, note)
            result.changes.append((item, was, new_status or "pending"))
        after = progress.Progress(rm, current)
        result.unverified = [item for item, _, now in result.changes
                             if now == "done" and item.template and progress.verified(after.record(item)) is None]
        if changes:
            phase = rm.phase_by_id[changes[-1][0].phase_id]
            result.phase = progress.phase_progress(after, phase)
    return result
