"""`genai roadmap list|show|use|add|validate`: the roadmaps there are, and the learner's own."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from genai_roadmap import files, paths, progress, roadmap, state
from genai_roadmap.errors import GenaiError, RoadmapError, UsageError
from genai_roadmap.problems import Problem, errors_only
from genai_roadmap.selection import active_roadmap_id, select


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
    files.write_atomic(target, files.read_bytes(file, files.ROADMAP_MAX_BYTES, "roadmap"))
    if use:
        use_roadmap(rm.id)
    return roadmap.load_roadmap(target, "user")


@dataclass
class ValidationResult:
    file: str
    problems: list[Problem] = field(default_factory=list)
    roadmap_id: str | None = None
    items: int = 0

    @property
    def valid(self) -> bool:
        return not errors_only(self.problems)

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def validate(file: Path) -> ValidationResult:
    data, problems = roadmap.validate_file(file)
    result = ValidationResult(str(file), problems)
    if result.valid:
        result.roadmap_id = data["id"]
        result.items = sum(len(p["items"]) for p in data["phases"])
    return result
