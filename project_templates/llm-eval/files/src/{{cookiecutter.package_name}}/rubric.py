"""The rubric (criteria with weights and a score scale) and the evaluation set, loaded from JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path


class DataError(ValueError):
    """A rubric or evaluation-set file is missing or malformed."""


@dataclass(frozen=True)
class Criterion:
    name: str
    weight: float
    description: str


@dataclass(frozen=True)
class Rubric:
    name: str
    scale_max: int
    criteria: tuple[Criterion, ...]

    def weighted(self, scores: dict[str, int]) -> float:
        """The weighted mean of one judgement's scores, on the rubric's 1..scale_max scale."""
        total = sum(c.weight for c in self.criteria)
        return sum(c.weight * scores[c.name] for c in self.criteria) / total


@dataclass(frozen=True)
class Item:
    id: str
    question: str
    context: str
    reference: str


def _bundled(name: str) -> Path:
    return Path(str(resources.files(__package__) / "data" / name))


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError(f"cannot read {path}: {exc.strerror}") from None


def load_rubric(path: str | Path | None = None) -> Rubric:
    file = Path(path) if path else _bundled("rubric.json")
    try:
        data = json.loads(_read(file))
        criteria = tuple(Criterion(c["name"], float(c["weight"]), c["description"]) for c in data["criteria"])
        rubric = Rubric(data["name"], int(data["scale_max"]), criteria)
    except (ValueError, KeyError, TypeError) as exc:
        raise DataError(f"{file}: not a rubric ({exc})") from None
    if rubric.scale_max < 2 or not criteria or any(c.weight <= 0 for c in criteria):
        raise DataError(f"{file}: needs scale_max >= 2 and criteria with positive weights")
    return rubric


def load_items(path: str | Path | None = None) -> list[Item]:
    file = Path(path) if path else _bundled("eval_set.jsonl")
    items = []
    for number, line in enumerate(_read(file).splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            items.append(Item(raw["id"], raw["question"], raw.get("context", ""), raw["reference"]))
        except (ValueError, KeyError, TypeError) as exc:
            raise DataError(f"{file}:{number}: not an evaluation item ({exc})") from None
    if not items:
        raise DataError(f"{file} has no items")
    return items
