"""`eval`: retrieval and answer quality on a question set whose answers sit at known places.

Each line of the set (JSON Lines) is {"question", "source", "page" or "section", "answer"}: where the
answer is, and words the answer must contain. For each question:
- the rank of the first retrieved chunk from the right place (source and page, or source and
  section) among the top k: hit@1, hit@k and MRR (mean of 1/rank, 0 when not in the top k);
- whether the answer contains the expected words and its first citation is the right place.

The bundled set (data/eval.jsonl) covers the bundled handbook.pdf and it-policy.md; by default
`eval` indexes those in a temporary directory, so it measures the pipeline, not your index.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .chunking import CHUNK_SIZE
from .documents import sample_folder
from .index import Index
from .providers import Provider
from .rag import Citation, RagPipeline

MAX_CASES = 10_000


class EvalSetError(ValueError):
    """The question set cannot be read."""


@dataclass(frozen=True)
class Case:
    question: str
    source: str
    page: int | None
    section: str | None
    answer: str

    @property
    def where(self) -> str:
        return self.source + (f" p.{self.page}" if self.page is not None else "") + (
            f" ({self.section})" if self.section else "")

    def matches(self, source: str, page: int | None, section: str | None) -> bool:
        if source != self.source:
            return False
        if self.page is not None and page != self.page:
            return False
        return self.section is None or section == self.section


@dataclass
class CaseResult:
    question: str
    expected: str
    rank: int | None  # of the first chunk from the right place, within the top k
    answered: bool
    answer: str
    answer_correct: bool  # contains the expected words and cites the right place first


@dataclass
class EvalReport:
    k: int
    model: str
    cases: list[CaseResult] = field(default_factory=list)

    @property
    def hit_at_1(self) -> float:
        return self._mean(c.rank == 1 for c in self.cases)

    @property
    def hit_at_k(self) -> float:
        return self._mean(c.rank is not None for c in self.cases)

    @property
    def mrr(self) -> float:
        return self._mean(1 / c.rank if c.rank else 0.0 for c in self.cases)

    @property
    def answer_accuracy(self) -> float:
        return self._mean(c.answer_correct for c in self.cases)

    def _mean(self, values) -> float:
        values = [float(v) for v in values]
        return round(sum(values) / len(values), 4) if values else 0.0


def bundled_cases() -> Path:
    return sample_folder() / "eval.jsonl"


def load_cases(path: str | Path) -> list[Case]:
    file = Path(path)
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvalSetError(f"{file}: {exc.strerror or exc}") from None
    cases = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line, parse_constant=_no_constant)
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
            for name in ("question", "source"):
                if not isinstance(data.get(name), str) or not data[name].strip():
                    raise ValueError(f"field '{name}': a non-empty string is required")
            page = data.get("page")
            if page is not None and (not isinstance(page, int) or isinstance(page, bool) or page < 1):
                raise ValueError("field 'page': a page number from 1 is required")
            section = data.get("section")
            if section is not None and not isinstance(section, str):
                raise ValueError("field 'section': a string is required")
            answer = data.get("answer", "")
            if not isinstance(answer, str):
                raise ValueError("field 'answer': a string is required")
        except ValueError as exc:
            raise EvalSetError(f"{file}:{number}: {exc}") from None
        cases.append(Case(data["question"], data["source"], page, section, answer))
        if len(cases) > MAX_CASES:
            raise EvalSetError(f"{file}: more than {MAX_CASES} questions")
    if not cases:
        raise EvalSetError(f"{file}: no questions")
    return cases


def _no_constant(name: str):
    raise ValueError(f"{name} is not allowed")


def evaluate(pipeline: RagPipeline, cases: list[Case], k: int = 4) -> EvalReport:
    report = EvalReport(k, pipeline.model)
    for case in cases:
        hits = pipeline.retrieve(case.question, k)
        rank = next((n for n, hit in enumerate(hits, 1)
                     if case.matches(hit.chunk.source, hit.chunk.page, hit.chunk.section)), None)
        answer = pipeline.ask(case.question, k)
        first: Citation | None = answer.citations[0] if answer.citations else None
        correct = (answer.answered and case.answer.lower() in answer.text.lower() and first is not None
                   and case.matches(first.source, first.page, first.section))
        report.cases.append(CaseResult(case.question, case.where, rank, answer.answered, answer.text,
                                       correct))
    return report


def evaluate_bundled(provider: Provider, k: int = 4, chunk_size: int = CHUNK_SIZE) -> EvalReport:
    """The bundled question set against a fresh index of the bundled documents."""
    with tempfile.TemporaryDirectory(prefix="rag-eval-", ignore_cleanup_errors=True) as tmp:
        pipeline = RagPipeline(Index(tmp, provider), chunk_size=chunk_size)
        pipeline.ingest()
        return evaluate(pipeline, load_cases(bundled_cases()), k)
