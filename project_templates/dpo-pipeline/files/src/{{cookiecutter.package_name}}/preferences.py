"""Preference data: validate, de-duplicate, split, and convert to each stage's format.

Input: JSONL records {"prompt": ..., "chosen": ..., "rejected": ...}. Preparation drops, with
the line and the reason: missing fields, pairs with nothing to prefer (chosen = rejected),
duplicates, contradictions (the same pair with the preference reversed: both are dropped, as
at least one label is wrong) and pairs too long for training. The split keeps every pair of a
prompt on the same side.

The stage formats are TRL's conversational ones:
    sft      {"messages": [user prompt, assistant chosen]}
    reward   {"chosen": [user, assistant chosen], "rejected": [user, assistant rejected]}
    dpo      {"prompt": [user], "chosen": [assistant chosen], "rejected": [assistant rejected]}
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from .tuning import records
from .tuning.records import Curation, Record
from .tuning.settings import DataSettings

FIELDS = ("prompt", "chosen", "rejected")


@dataclass(frozen=True)
class Pair:
    prompt: str
    chosen: str
    rejected: str
    line: int = 0


Prepared = records.Curated[Pair]


def bundled_dataset() -> Path:
    return Path(str(resources.files(__package__) / "data" / "preferences.jsonl"))


def _pair(record: Record) -> Pair:
    return Pair(*(record.data[name].strip() for name in FIELDS), line=record.line)


def _key(record: Record, swapped: bool = False) -> str:
    """The pair with case, punctuation and spacing folded away (responses swapped if asked)."""
    prompt, chosen, rejected = (records.normalize(record.data[name]) for name in FIELDS)
    return "\x1f".join((prompt, rejected, chosen) if swapped else (prompt, chosen, rejected))


def _drop_contradictions(curation: Curation) -> None:
    seen = {_key(record): record for record in curation.kept}
    contradicted = {record.line: seen[_key(record, swapped=True)].line
                    for record in curation.kept if _key(record, swapped=True) in seen}
    for record in curation.kept:
        if record.line in contradicted:
            other = contradicted[record.line]
            curation.drop(record, f"contradiction: line {other} prefers the other response")
    curation.kept = [r for r in curation.kept if r.line not in contradicted]


def _invalid(record: Record) -> str | None:
    missing = records.missing_text(record.data, FIELDS)
    if missing is None and _key(record) == _key(record, swapped=True):
        return "no preference: chosen and rejected are the same"
    return missing


def prepare(settings: DataSettings) -> Prepared:
    rows = records.read_jsonl(settings.path or bundled_dataset())
    curation = records.screen(Curation(rows), _invalid)
    records.dedup(curation, key=_key)
    _drop_contradictions(curation)

    def wrong_length(record: Record) -> str | None:
        pair = _pair(record)
        longer = max(pair.chosen, pair.rejected, key=len)
        return records.too_long(records.approx_tokens(pair.prompt) + records.approx_tokens(longer),
                                settings.max_tokens)

    records.screen(curation, wrong_length)
    train, held_out = records.split(curation.kept, settings.eval_fraction, settings.seed,
                                    group=lambda r: records.normalize(r.data["prompt"]))
    return Prepared([_pair(r) for r in train], [_pair(r) for r in held_out], curation, len(rows))


def _user(pair: Pair) -> dict[str, str]:
    return records.message("user", pair.prompt)


def sft_row(pair: Pair) -> dict[str, Any]:
    return {"messages": [_user(pair), records.message("assistant", pair.chosen)]}


def reward_row(pair: Pair) -> dict[str, Any]:
    return {"chosen": [_user(pair), records.message("assistant", pair.chosen)],
            "rejected": [_user(pair), records.message("assistant", pair.rejected)]}


def dpo_row(pair: Pair) -> dict[str, Any]:
    return {"prompt": [_user(pair)], "chosen": [records.message("assistant", pair.chosen)],
            "rejected": [records.message("assistant", pair.rejected)]}


FORMATS: dict[str, Callable[[Pair], dict[str, Any]]] = {"sft": sft_row, "reward": reward_row, "dpo": dpo_row}


def stage_files(data_dir: str | Path, stage: str) -> tuple[Path, Path]:
    return Path(data_dir) / stage / "train.jsonl", Path(data_dir) / stage / "eval.jsonl"


def write(prepared: Prepared, data_dir: str | Path) -> list[Path]:
    """Every stage's train/eval files, plus the cleaned pairs themselves (what a Hub dataset holds)."""
    paths = []
    for split_name, pairs in (("train", prepared.train), ("eval", prepared.eval)):
        rows = [{"prompt": p.prompt, "chosen": p.chosen, "rejected": p.rejected} for p in pairs]
        paths.append(records.write_jsonl(Path(data_dir) / "pairs" / f"{split_name}.jsonl", rows))
    for stage, convert in FORMATS.items():
        for path, pairs in zip(stage_files(data_dir, stage), (prepared.train, prepared.eval), strict=True):
            paths.append(records.write_jsonl(path, [convert(p) for p in pairs]))
    return paths


def report(prepared: Prepared) -> list[str]:
    lines = prepared.report("pairs")
    lines.append(f"split by prompt: {len(prepared.train)} train, {len(prepared.eval)} eval")
    return lines
