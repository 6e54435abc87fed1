"""The knowledge base: Markdown or text documents cut into passages at their headings.

Each `## section` of a Markdown file becomes one passage (a long section is cut between
paragraphs), titled "document › section" so that both the retrievers and the model see where it
comes from. The bundled corpus is the documentation of a fictional home battery, the Helio H10.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

MAX_PASSAGE_CHARS = 900
HEADING = re.compile(r"^(#{1,6})\s+(.*\S)\s*$")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'])")


class CorpusError(ValueError):
    """The documents or the evaluation set cannot be read."""


@dataclass(frozen=True)
class Passage:
    id: str  # "<file>#<n>"
    doc: str
    title: str
    text: str

    @property
    def label(self) -> str:
        return f"[{self.id}: {self.title}]"


@dataclass(frozen=True)
class EvalItem:
    question: str
    ground_truth: str
    source: str = ""  # the document the answer is in, for the hit rate


def data_dir() -> Path:
    return Path(str(resources.files(__package__) / "data"))


def load_corpus(directory: str | Path | None = None) -> list[Passage]:
    """Every passage of the .md and .txt files in `directory` (default: the bundled docs)."""
    folder = Path(directory) if directory else data_dir() / "docs"
    files = sorted(p for p in folder.glob("*") if p.suffix in (".md", ".txt")) if folder.is_dir() else []
    if not files:
        raise CorpusError(f"no .md or .txt documents in {folder}")
    passages = []
    for file in files:
        passages += split_document(file.name, file.read_text(encoding="utf-8"))
    return passages


def split_document(name: str, text: str) -> list[Passage]:
    doc_title, heading, sections = Path(name).stem, "", []
    paragraphs: list[str] = []
    lines: list[str] = []

    def end_paragraph() -> None:
        if lines:
            paragraphs.append(" ".join(lines))
            lines.clear()

    def end_section() -> None:
        end_paragraph()
        if paragraphs:
            sections.append((heading, list(paragraphs)))
            paragraphs.clear()

    for raw in text.splitlines():
        match = HEADING.match(raw)
        if match and len(match.group(1)) == 1 and not sections and not paragraphs:
            doc_title = match.group(2)
        elif match:
            end_section()
            heading = match.group(2)
        elif raw.strip():
            lines.append(raw.strip())
        else:
            end_paragraph()
    end_section()
    passages = []
    for heading, parts in sections:
        title = f"{doc_title} › {heading}" if heading else doc_title
        for piece in _windows(parts):
            passages.append(Passage(f"{name}#{len(passages) + 1}", name, title, piece))
    return passages


def _windows(paragraphs: list[str]) -> list[str]:
    """Paragraphs joined up to MAX_PASSAGE_CHARS; a paragraph is never cut."""
    windows, current = [], ""
    for paragraph in paragraphs:
        if current and len(current) + len(paragraph) + 1 > MAX_PASSAGE_CHARS:
            windows.append(current)
            current = ""
        current = f"{current} {paragraph}".strip()
    return windows + [current] if current else windows


def sentences(text: str) -> list[str]:
    """The sentences of a text (a `;` also ends one), each ending with punctuation."""
    parts = [p.strip() for sentence in SENTENCE_END.split(text.strip()) for p in sentence.split("; ")]
    return [p if p.endswith((".", "!", "?")) else p + "." for p in parts if any(c.isalnum() for c in p)]


def load_eval_set(path: str | Path | None = None) -> list[EvalItem]:
    """A JSON-lines file of {"question", "ground_truth", "source"?} (default: the bundled set)."""
    file = Path(path) if path else data_dir() / "eval_set.jsonl"
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise CorpusError(f"cannot read the evaluation set {file}: {exc.strerror}") from None
    items = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            items.append(EvalItem(row["question"], row["ground_truth"], row.get("source", "")))
        except (ValueError, KeyError, TypeError):
            raise CorpusError(f"{file}:{number}: each line needs a JSON object with a question and a "
                             "ground_truth") from None
    if not items:
        raise CorpusError(f"the evaluation set {file} is empty")
    return items
