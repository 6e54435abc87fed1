"""The one core function behind each command: load what it needs, act, return a plain result.

Commands in cli.py parse options, call one of these, and hand the result to a renderer.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from genai_roadmap import paths, progress, roadmap, state
from genai_roadmap.errors import GenaiError, NotFoundError, RoadmapError, UsageError


def active_roadmap_id(current: dict) -> str:
    return os.environ.get("GENAI_ROADMAP") or current.get("active_roadmap") or roadmap.DEFAULT_ROADMAP


def select(name: str | None) -> tuple[roadmap.Roadmap, dict]:
    """The roadmap a command works on (named, else the active one) and the current state."""
    current = state.read_state()
    return roadmap.find_roadmap(name or active_roadmap_id(current)), current


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
    return result


def status(name: str | None, phase: str | None) -> progress.StatusResult:
    rm, current = select(name)
    chosen_phase = progress.find_phase(rm, phase) if phase else None
    return progress.status(progress.Progress(rm, current), chosen_phase)


@dataclass
class CheckResult:
    roadmap: roadmap.Roadmap
    changes: list[tuple[roadmap.Item, str, str]]  # item, status before, status after
    phase: progress.PhaseProgress | None = None


ACTION_STATUS = {"done": "done", "undo": None, "skip": "skipped", "start": "in_progress"}


def check(name: str | None, queries: list[str], action: str = "done", note: str | None = None) -> CheckResult:
    """Set the status of each named item; resolves all names before changing anything."""
    rm, _ = select(name)
    items = _resolve_all(rm, queries)
    return _apply(rm, [(item, ACTION_STATUS[action]) for item in items], note)


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
        if changes:
            phase = rm.phase_by_id[changes[-1][0].phase_id]
            result.phase = progress.phase_progress(after, phase)
    return result


# --- roadmaps -----------------------------------------------------------------------------------
@dataclass
class RoadmapSummary:
    id: str
    title: str
    origin: str
    path: str
    phases: int
    items: int
    finished: int
    active: bool
    error: str | None = None


def list_roadmaps() -> list[RoadmapSummary]:
    current = state.read_state()
    active = active_roadmap_id(current)
    summaries = []
    for ref in roadmap.available_roadmaps():
        try:
            rm = roadmap.load_roadmap(ref.path, ref.origin)
        except GenaiError as exc:
            summaries.append(RoadmapSummary(ref.id, "", ref.origin, str(ref.path), 0, 0, 0, ref.id == active,
                                            error=exc.message))
            continue
        prog = progress.Progress(rm, current)
        summaries.append(RoadmapSummary(rm.id, rm.title, ref.origin, str(ref.path), len(rm.phases), len(rm.items),
                                        sum(prog.finished(i) for i in rm.items), rm.id == active))
    return summaries


def show_roadmap(name: str | None) -> tuple[roadmap.Roadmap, progress.Progress]:
    rm, current = select(name)
    return rm, progress.Progress(rm, current)


def use_roadmap(name: str) -> roadmap.Roadmap:
    if roadmap.looks_like_path(name):
        raise UsageError("'roadmap use' takes a roadmap id; add a file first with: genai roadmap add FILE")
    rm = roadmap.find_roadmap(name)
    with state.update_state() as current:
        current["active_roadmap"] = rm.id
    return rm


def add_roadmap(file: Path, force: bool = False, use: bool = False) -> roadmap.Roadmap:
    """Validate a roadmap file and copy it into the user's roadmap directory."""
    rm = roadmap.load_roadmap(file, "file")
    bundled = {ref.id for ref in roadmap.available_roadmaps() if ref.origin == "bundled"}
    if rm.id in bundled:
        raise RoadmapError(f"'{rm.id}' is the id of a bundled roadmap", hint="give your roadmap another id")
    target = paths.user_roadmaps_dir() / f"{rm.id}.yaml"
    if target.exists() and not force:
        raise GenaiError(f"a roadmap with id '{rm.id}' was already added ({target})",
                         hint="replace it with: genai roadmap add --force " + str(file))
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".yaml.tmp")
    tmp.write_bytes(file.read_bytes())
    os.replace(tmp, target)
    if use:
        use_roadmap(rm.id)
    return roadmap.load_roadmap(target, "user")


@dataclass
class ValidationResult:
    file: str
    problems: list[roadmap.Problem] = field(default_factory=list)
    roadmap_id: str | None = None
    items: int = 0

    @property
    def valid(self) -> bool:
        return not roadmap.errors_only(self.problems)

    @property
    def warnings(self) -> list[roadmap.Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def validate(file: Path) -> ValidationResult:
    data, problems = roadmap.validate_file(file)
    result = ValidationResult(str(file), problems)
    if result.valid:
        result.roadmap_id = data["id"]
        result.items = sum(len(p["items"]) for p in data["phases"])
    return result
