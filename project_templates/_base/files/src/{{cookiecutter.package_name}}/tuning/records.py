"""Training records: JSONL in and out, validation, de-duplication, splits, chat text, token counts.

A record is one JSON object per line. Curation keeps the line number of every record, so what
was dropped, and why, can be reported line by line.
"""

from __future__ import annotations

import json
import math
import random
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

CHARS_PER_TOKEN = 4
"""English text averages about 4 characters per token with BPE tokenizers (OpenAI's rule of thumb);
the model's own tokenizer gives the real count."""
CHAT_START, CHAT_END = "<|im_start|>", "<|im_end|>"
T = TypeVar("T")


class DataError(ValueError):
    """A data file cannot be read, or holds no usable records."""


@dataclass(frozen=True)
class Record:
    line: int  # 1-based line in the source file (0: made in code)
    data: dict[str, Any]


@dataclass
class Curation:
    """What a curation step kept, and every record it dropped with the reason."""

    kept: list[Record]
    dropped: list[tuple[Record, str]] = field(default_factory=list)

    def drop(self, record: Record, reason: str) -> None:
        self.dropped.append((record, reason))

    def reasons(self) -> dict[str, int]:
        """How many records were dropped for each kind of reason (the part before the colon)."""
        counts: dict[str, int] = {}
        for _, reason in self.dropped:
            kind = reason.split(":", 1)[0]
            counts[kind] = counts.get(kind, 0) + 1
        return counts

    def summary(self) -> str:
        """"2 duplicate, 1 too long", or "none"."""
        return ", ".join(f"{n} {kind}" for kind, n in sorted(self.reasons().items())) or "none"

    def dropped_lines(self) -> list[str]:
        ordered = sorted(self.dropped, key=lambda dropped: dropped[0].line)
        return [f"line {record.line}: {reason}" for record, reason in ordered]


@dataclass
class Curated(Generic[T]):
    """A curated dataset: train and eval examples, how many records were read, and what was dropped."""

    train: list[T]
    eval: list[T]
    curation: Curation
    total: int

    def report(self, noun: str = "records") -> list[str]:
        kept, dropped = len(self.train) + len(self.eval), len(self.curation.dropped)
        return [f"{self.total} {noun} read, {kept} kept, {dropped} dropped ({self.curation.summary()})",
                *(f"  {line}" for line in self.curation.dropped_lines())]


def read_jsonl(path: str | Path) -> list[Record]:
    """Every non-blank line of `path` as a Record; a line that is not a JSON object is an error."""
    file = Path(path)
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DataError(f"cannot read {file}: {exc.strerror}") from None
    records = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except ValueError as exc:
            raise DataError(f"{file}:{number}: not valid JSON ({exc.msg})") from None
        if not isinstance(data, dict):
            raise DataError(f"{file}:{number}: each line must be a JSON object")
        records.append(Record(number, data))
    if not records:
        raise DataError(f"{file} holds no records")
    return records


def write_jsonl(path: str | Path, rows: Iterable[dict[str, Any]]) -> Path:
    file = Path(path)
    file.parent.mkdir(parents=True, exist_ok=True)
    with file.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return file


def missing_text(data: dict[str, Any], fields: Iterable[str]) -> str | None:
    """The first field that is absent, not a string or blank, as a reason; None when all are there."""
    for name in fields:
        value = data.get(name)
        if not isinstance(value, str) or not value.strip():
            return f"missing field: '{name}' must be a non-empty string"
    return None


def screen(curation: Curation, why_not: Callable[[Record], str | None]) -> Curation:
    """Drop every kept record for which `why_not` gives a reason."""
    kept = []
    for record in curation.kept:
        reason = why_not(record)
        if reason:
            curation.drop(record, reason)
        else:
            kept.append(record)
    curation.kept = kept
    return curation


def too_long(tokens: int, max_tokens: int) -> str | None:
    return f"too long: ~{tokens} tokens, over max_tokens {max_tokens}" if tokens > max_tokens else None


def normalize(text: str) -> str:
    """Case, punctuation and spacing folded away: the key for exact and near-exact duplicates."""
    return " ".join(re.findall(r"[a-z0-9]+", text.casefold()))


def dedup(curation: Curation, key: Callable[[Record], str]) -> Curation:
    """Keep the first record of each `key`; later ones are dropped as duplicates of its line."""
    first: dict[str, Record] = {}
    kept = []
    for record in curation.kept:
        k = key(record)
        if k in first:
            curation.drop(record, f"duplicate: same as line {first[k].line}")
            continue
        first[k] = record
        kept.append(record)
    curation.kept = kept
    return curation


def split(records: list[Record], eval_fraction: float, seed: int,
          group: Callable[[Record], str] | None = None) -> tuple[list[Record], list[Record]]:
    """A reproducible train/eval split. Records with the same `group` key land on the same side,
    so near-identical prompts cannot leak from training into evaluation."""
    if not 0 <= eval_fraction < 1:
        raise DataError(f"eval_fraction must be at least 0 and below 1, not {eval_fraction}")
    if not records:
        raise DataError("no record is left to split: curation dropped every one (its report says why)")
    def key_of(record: Record) -> str:
        return group(record) if group else str(record.line)

    groups: dict[str, list[Record]] = {}
    for record in records:
        groups.setdefault(key_of(record), []).append(record)
    keys = sorted(groups)
    random.Random(seed).shuffle(keys)
    wanted = math.ceil(len(records) * eval_fraction)
    eval_keys: set[str] = set()
    taken = 0
    for key in keys[:-1]:  # the last group always trains: neither side is ever empty by accident
        if taken >= wanted:
            break
        eval_keys.add(key)
        taken += len(groups[key])
    train = [r for r in records if key_of(r) not in eval_keys]
    return train, [r for r in records if key_of(r) in eval_keys]


def approx_tokens(text: str) -> int:
    """About how many tokens `text` is (see CHARS_PER_TOKEN); at least 1 for any non-empty text."""
    return math.ceil(len(text) / CHARS_PER_TOKEN) if text else 0


def message(role: str, content: str) -> dict[str, str]:
    return {"role": role, "content": content}


def chat_text(messages: list[dict[str, str]], add_generation_prompt: bool = False) -> str:
    """Messages laid out in the ChatML format (Qwen's; many chat models use the same markers).

    Training uses the model's own chat template when its tokenizer has one; this layout is for
    models without one (base models such as Mistral-7B-v0.1, or a tiny test model) and for dry runs.
    """
    text = "".join(f"{CHAT_START}{m['role']}\n{m['content']}{CHAT_END}\n" for m in messages)
    return text + (f"{CHAT_START}assistant\n" if add_generation_prompt else "")


def summary(values: list[int]) -> dict[str, float]:
    """min, mean, p50, p95 and max of a list of counts (all 0 for an empty list)."""
    if not values:
        return {"min": 0, "mean": 0, "p50": 0, "p95": 0, "max": 0}
    ordered = sorted(values)

    def pct(p: float) -> int:
        return ordered[min(len(ordered) - 1, math.ceil(p * len(ordered)) - 1)]

    return {"min": ordered[0], "mean": sum(ordered) / len(ordered), "p50": pct(0.5), "p95": pct(0.95),
            "max": ordered[-1]}
