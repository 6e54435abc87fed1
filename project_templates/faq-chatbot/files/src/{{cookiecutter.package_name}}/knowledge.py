"""The knowledge base: FAQ entries loaded from JSON or text, and the ones that fit a question.

JSON: a list of {"question": ..., "answer": ...} (or {"faqs": [...]}).
Text: blocks of `Q: ...` and `A: ...` lines separated by blank lines.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .providers import tokens

DEFAULT_FAQ = "{{ 'faq.json' if cookiecutter.faq_format == 'json' else 'faq.txt' }}"


class FaqError(ValueError):
    """The FAQ file is missing or malformed."""


@dataclass(frozen=True)
class FaqEntry:
    question: str
    answer: str


def default_faq_path() -> Path:
    return Path(str(resources.files(__package__) / "data" / DEFAULT_FAQ))


def load_faq(path: str | Path | None = None) -> list[FaqEntry]:
    file = Path(path) if path else default_faq_path()
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise FaqError(f"cannot read the FAQ {file}: {exc.strerror}") from None
    entries = _parse_json(text, file) if file.suffix == ".json" else _parse_text(text)
    if not entries:
        raise FaqError(f"the FAQ {file} has no entries")
    return entries


def _parse_json(text: str, file: Path) -> list[FaqEntry]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise FaqError(f"{file} is not valid JSON: {exc}") from None
    if isinstance(data, dict):
        data = data.get("faqs", [])
    entries = []
    for index, item in enumerate(data):
        if not isinstance(item, dict) or not item.get("question") or not item.get("answer"):
            raise FaqError(f"{file}: entry {index} needs a 'question' and an 'answer'")
        entries.append(FaqEntry(str(item["question"]).strip(), str(item["answer"]).strip()))
    return entries


def _parse_text(text: str) -> list[FaqEntry]:
    entries = []
    for block in text.split("\n\n"):
        question = answer = ""
        for line in block.strip().splitlines():
            if line[:2].upper() == "Q:":
                question = line[2:].strip()
            elif line[:2].upper() == "A:":
                answer = line[2:].strip()
            elif answer:
                answer += " " + line.strip()
        if question and answer:
            entries.append(FaqEntry(question, answer))
    return entries


def relevant_entries(faq: list[FaqEntry], question: str, limit: int) -> list[FaqEntry]:
    """The `limit` entries sharing the most words with the question (FAQ order breaks ties)."""
    wanted = set(tokens(question))

    def score(entry: FaqEntry) -> int:
        return 2 * len(wanted & set(tokens(entry.question))) + len(wanted & set(tokens(entry.answer)))

    ranked = sorted(range(len(faq)), key=lambda i: (-score(faq[i]), i))
    return [faq[i] for i in ranked[:limit]]
