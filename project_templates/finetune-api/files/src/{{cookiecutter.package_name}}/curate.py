"""Dataset curation: validate, de-duplicate, filter by length, split, and format as chats.

Input: JSONL records {"instruction": ..., "input": ... (optional), "output": ...}. Every record
that is dropped is reported with its line and the reason, so the dataset can be fixed at the source.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .recipe import InstructionData
from .tuning import records
from .tuning.records import Curation, Record


@dataclass(frozen=True)
class Example:
    instruction: str
    input: str
    output: str
    line: int = 0

    @property
    def user(self) -> str:
        return f"{self.instruction}\n\n{self.input}" if self.input else self.instruction

    @property
    def task(self) -> str:
        """Which task the record belongs to: the first words of its instruction."""
        return " ".join(self.instruction.split()[:3]).rstrip(".:")

    def prompt_messages(self, system_prompt: str) -> list[dict[str, str]]:
        return [records.message("system", system_prompt), records.message("user", self.user)]

    def messages(self, system_prompt: str) -> list[dict[str, str]]:
        return [*self.prompt_messages(system_prompt), records.message("assistant", self.output)]


Curated = records.Curated[Example]


def bundled_dataset() -> Path:
    return Path(str(resources.files(__package__) / "data" / "support.jsonl"))


def _example(record: Record) -> Example:
    data = record.data
    return Example(data["instruction"].strip(), str(data.get("input") or "").strip(), data["output"].strip(),
                   record.line)


def _invalid(record: Record) -> str | None:
    if not isinstance(record.data.get("input", ""), str):
        return "missing field: 'input' must be a string when given"
    return records.missing_text(record.data, ("instruction", "output"))


def curate(settings: InstructionData) -> Curated:
    rows = records.read_jsonl(settings.path or bundled_dataset())
    curation = records.screen(Curation(rows), _invalid)
    records.dedup(curation, key=lambda r: records.normalize(_example(r).user))

    def wrong_length(record: Record) -> str | None:
        example = _example(record)
        size = records.approx_tokens(records.chat_text(example.messages(settings.system_prompt)))
        if records.approx_tokens(example.output) < settings.min_output_tokens:
            return records.too_long(size, settings.max_tokens) or (
                f"too short: the output has fewer than {settings.min_output_tokens} tokens")
        return records.too_long(size, settings.max_tokens)

    records.screen(curation, wrong_length)

    def group(record: Record) -> str:  # the same ticket or question never lands on both sides
        example = _example(record)
        return records.normalize(example.input or example.instruction)

    train, held_out = records.split(curation.kept, settings.eval_fraction, settings.seed, group=group)
    return Curated([_example(r) for r in train], [_example(r) for r in held_out], curation, len(rows))


def write(curated: Curated, out_dir: str | Path, system_prompt: str) -> list[Path]:
    """train.jsonl and eval.jsonl in the chat format TRL reads (`messages`), plus the rendered `text`."""
    paths = []
    for name, examples in (("train", curated.train), ("eval", curated.eval)):
        chats = [(ex.line, ex.messages(system_prompt)) for ex in examples]
        rows = [{"messages": chat, "text": records.chat_text(chat), "source_line": line}
                for line, chat in chats]
        paths.append(records.write_jsonl(Path(out_dir) / f"{name}.jsonl", rows))
    return paths


def report(curated: Curated) -> list[str]:
    lines = curated.report("records")
    tasks: dict[str, int] = {}
    for example in curated.train + curated.eval:
        tasks[example.task] = tasks.get(example.task, 0) + 1
    lines.append(f"split: {len(curated.train)} train, {len(curated.eval)} eval; tasks: "
                 + ", ".join(f"{task!r} {n}" for task, n in sorted(tasks.items())))
    return lines
