"""What is done, what is next: the roadmap joined with the learner's records.

Everything here is pure: it takes a Roadmap and the state dict and returns plain objects that the
renderers (rich or JSON) consume.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from genai_roadmap.errors import NotFoundError
from genai_roadmap.roadmap import Item, Phase, Roadmap
from genai_roadmap.state import roadmap_records

FINISHED = ("done", "skipped")


def verified(record: dict[str, Any]) -> dict[str, Any] | None:
    """The verification evidence of a record ({} when it only says true), or None when not verified.

    `genai verify` (projects) and solved exercises write `verified` as a mapping of evidence; a
    failed verification keeps its evidence with `"passed": false` and is not verified.
    """
    value = record.get("verified")
    if value is True:
        return {}
    if isinstance(value, dict) and value.get("verified", True) is not False and value.get("passed", True) is not False:
        return value
    return None


class Progress:
    """A roadmap's items with their recorded status, aliases resolved."""

    def __init__(self, roadmap: Roadmap, state: dict[str, Any]):
        self.roadmap = roadmap
        self.records: dict[str, dict[str, Any]] = {}
        self.orphans: dict[str, dict[str, Any]] = {}
        for key, record in roadmap_records(state, roadmap.id).items():
            item_id = key if key in roadmap.by_id else roadmap.alias_to_id.get(key)
            if item_id is None:
                self.orphans[key] = record
            elif item_id == key or item_id not in self.records:
                # A record under the current id wins over one under an old alias.
                self.records[item_id] = record

    def record(self, item: Item) -> dict[str, Any]:
        return self.records.get(item.id, {})

    def status(self, item: Item) -> str:
        return self.record(item).get("status") or "pending"

    def finished(self, item: Item) -> bool:
        return self.status(item) in FINISHED


@dataclass
class PhaseProgress:
    phase: Phase
    total: int
    done: int
    skipped: int
    in_progress: int
    verified: int = 0  # done items with evidence (genai verify, a solved exercise)

    @property
    def finished(self) -> int:
        return self.done + self.skipped

    @property
    def percent(self) -> int:
        return round(100 * self.finished / self.total) if self.total else 100


def phase_progress(progress: Progress, phase: Phase) -> PhaseProgress:
    statuses = [progress.status(item) for item in phase.items]
    # Evidence counts while the item is done: `genai check --undo` keeps it on record, uncounted.
    proven = sum(status == "done" and verified(progress.record(item)) is not None
                 for item, status in zip(phase.items, statuses))
    return PhaseProgress(phase, len(statuses), statuses.count("done"), statuses.count("skipped"),
                         statuses.count("in_progress"), proven)


@dataclass
class NextItem:
    item: Item
    phase: PhaseProgress
    status: str


@dataclass
class NextResult:
    roadmap: Roadmap
    items: list[NextItem]
    remaining: int  # items not done or skipped, in scope
    blocked: list[tuple[Item, list[str]]] = field(default_factory=list)  # item, unmet dependency ids
    phase: Phase | None = None
    review: list[Any] = field(default_factory=list)  # srs.Review: done topics whose questions keep failing
    hardware_advice: str | None = None  # one line from the last `genai hw`, for fine-tuning or local-model items


def next_items(progress: Progress, count: int = 3, phase: Phase | None = None) -> NextResult:
    """The next `count` unfinished items in roadmap order whose dependencies are finished."""
    roadmap = progress.roadmap
    phases = [phase] if phase else roadmap.phases
    chosen: list[NextItem] = []
    blocked: list[tuple[Item, list[str]]] = []
    remaining = 0
    # One set lookup per item instead of three calls: this loop is most of `next` on a big roadmap.
    finished = {item_id for item_id, record in progress.records.items() if record.get("status") in FINISHED}
    for ph in phases:
        summary = None
        for item in ph.items:
            if item.id in finished:
                continue
            remaining += 1
            unmet = [dep for dep in item.depends_on if dep not in finished]
            if unmet:
                blocked.append((item, unmet))
            elif len(chosen) < count:
                summary = summary or phase_progress(progress, ph)
                chosen.append(NextItem(item, summary, progress.status(item)))
    return NextResult(roadmap, chosen, remaining, blocked, phase)


@dataclass
class StatusResult:
    roadmap: Roadmap
    phases: list[PhaseProgress]
    orphans: dict[str, dict[str, Any]]
    phase: Phase | None = None  # set when one phase was asked for
    items: list[tuple[Item, dict[str, Any]]] = field(default_factory=list)
    changed: dict[str, str] = field(default_factory=dict)  # item id → how its verified project changed since

    @property
    def total(self) -> int:
        return sum(p.total for p in self.phases)

    @property
    def verified(self) -> int:
        return sum(p.verified for p in self.phases)

    @property
    def finished(self) -> int:
        return sum(p.finished for p in self.phases)


def status(progress: Progress, phase: Phase | None = None) -> StatusResult:
    result = StatusResult(progress.roadmap, [phase_progress(progress, p) for p in progress.roadmap.phases],
                          progress.orphans, phase)
    if phase:
        result.items = [(item, progress.record(item)) for item in phase.items]
    return result


def current_phase(progress: Progress) -> Phase:
    """The first phase with something left to do (the last phase when all are finished)."""
    for phase in progress.roadmap.phases:
        if any(not progress.finished(item) for item in phase.items):
            return phase
    return progress.roadmap.phases[-1]


# --- finding things by what the user typed --------------------------------------------------------
def find_phase(roadmap: Roadmap, query: str) -> Phase:
    """A phase by id, unique id prefix, 1-based number, or unique title match."""
    if query in roadmap.phase_by_id:
        return roadmap.phase_by_id[query]
    if query.isdigit() and 1 <= int(query) <= len(roadmap.phases):
        return roadmap.phases[int(query) - 1]
    return _unique_match(
        query, roadmap.phases, lambda p: p.id, lambda p: p.title, "phase", roadmap,
        [p.id for p in roadmap.phases],
    )


def find_item(roadmap: Roadmap, query: str) -> Item:
    """An item by id, alias, exact title, or unique id prefix / title substring."""
    if query in roadmap.by_id:
        return roadmap.by_id[query]
    if query in roadmap.alias_to_id:
        return roadmap.by_id[roadmap.alias_to_id[query]]
    return _unique_match(query, roadmap.items, lambda i: i.id, lambda i: i.title, "item", roadmap,
                         list(roadmap.by_id) + list(roadmap.alias_to_id))


def _words(text: str) -> list[str]:
    import re

    return re.findall(r"\w+", text.casefold())


def _has_words(title: str, words: list[str]) -> bool:
    """Every typed word starts a word of the title, in any order ("why career")."""
    title_words = _words(title)
    return bool(words) and all(any(t.startswith(w) for t in title_words) for w in words)


def _unique_match(query, candidates, get_id, get_title, what, roadmap, all_ids):
    needle = query.casefold()
    words = _words(query)
    for matcher in (
        lambda c: get_title(c).casefold() == needle,
        lambda c: get_id(c).startswith(needle),
        lambda c: needle in get_title(c).casefold(),
        lambda c: _has_words(get_title(c), words),
    ):
        hits = [c for c in candidates if matcher(c)]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            shown = ", ".join(get_id(c) for c in hits[:8]) + (", …" if len(hits) > 8 else "")
            raise NotFoundError(
                f"'{query}' matches {len(hits)} {what}s in roadmap '{roadmap.id}': {shown}",
                hint=f"use the full {what} id",
            )
    import difflib

    # A near-miss (a typo) names the one id it meant; otherwise a few plausible ones.
    close = difflib.get_close_matches(query, all_ids, n=5, cutoff=0.6)
    if close and difflib.SequenceMatcher(None, query, close[0]).ratio() >= 0.9:
        close = close[:1]
    hint = ("did you mean: " + ", ".join(close)) if close else f"list them with: genai status --roadmap {roadmap.id}"
    raise NotFoundError(f"no {what} '{query}' in roadmap '{roadmap.id}'", hint=hint)
