"""The comparison: one question through several strategies, side by side.

For each strategy: the prompt sent, every reply, the answer read back (the majority vote when the
strategy samples more than once), whether it is right when the expected answer is known, how long
it took and about how many tokens it used. `benchmark` does that for a list of questions and
`scoreboard` sums it up per strategy. The CLI and the UI only display what this module returns.
"""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .answers import estimate_tokens, extract_answer, majority_vote, matches
from .offline import OfflineModel, understand
from .providers import Message, Provider, get_provider
from .strategies import Question, Strategy

Clock = Callable[[], float]
OFFLINE_SCOPE = ("the offline stand-in (fake provider: a simulated small model, no real one) cannot answer "
                 "this: it understands arithmetic, counting a letter in a word, comparing two decimals and "
                 "the sentiment of a review. For any other question use a real model: LLM_PROVIDER=openai, "
                 "anthropic or ollama")


class OfflineCannotAnswer(ValueError):
    """The simulated model does not understand the question; comparing strategies on it means nothing."""
CSV_COLUMNS = ["question", "expected", "strategy", "answer", "correct", "votes", "samples", "agreement",
               "latency_ms", "prompt_tokens", "completion_tokens", "provider"]


def make_provider(name: str | None = None) -> Provider:
    """The chosen provider; offline, the fake one thinks with the simulated model of offline.py."""
    return get_provider(name, brain=OfflineModel())


@dataclass
class StrategyResult:
    strategy: str
    title: str
    messages: list[Message]
    outputs: list[str]
    answers: list[str]
    answer: str
    votes: dict[str, int]
    latency_ms: float
    prompt_tokens: int
    completion_tokens: int
    correct: bool | None = None

    @property
    def agreement(self) -> float:
        """The share of samples that voted for the answer (1.0 with one sample)."""
        return max(self.votes.values()) / len(self.answers) if self.votes else 0.0

    def to_dict(self) -> dict:
        return {"strategy": self.strategy, "title": self.title,
                "messages": [{"role": m.role, "content": m.content} for m in self.messages],
                "outputs": self.outputs, "answers": self.answers, "answer": self.answer, "votes": self.votes,
                "agreement": round(self.agreement, 3), "latency_ms": round(self.latency_ms, 3),
                "prompt_tokens": self.prompt_tokens, "completion_tokens": self.completion_tokens,
                "correct": self.correct}


@dataclass
class Comparison:
    question: str
    expected: str | None
    provider: str
    results: list[StrategyResult] = field(default_factory=list)

    def rows(self) -> list[dict]:
        """One flat row per strategy: what the table, the CSV and the UI show."""
        return [{"question": self.question, "expected": self.expected or "", "strategy": r.strategy,
                 "answer": r.answer, "correct": "" if r.correct is None else r.correct,
                 "votes": "; ".join(f"{a}: {n}" for a, n in r.votes.items()), "samples": len(r.outputs),
                 "agreement": round(r.agreement, 3), "latency_ms": round(r.latency_ms, 3),
                 "prompt_tokens": r.prompt_tokens, "completion_tokens": r.completion_tokens,
                 "provider": self.provider} for r in self.results]

    def to_dict(self) -> dict:
        return {"question": self.question, "expected": self.expected, "provider": self.provider,
                "results": [r.to_dict() for r in self.results]}


def run_strategy(strategy: Strategy, question: str, provider: Provider, expected: str | None = None,
                 clock: Clock = time.perf_counter) -> StrategyResult:
    messages = strategy.messages(question)
    started = clock()
    outputs = [provider.complete(messages, temperature=strategy.temperature)
               for _ in range(strategy.samples)]
    latency_ms = (clock() - started) * 1000
    answers = [extract_answer(output) for output in outputs]
    answer, votes = majority_vote(answers)
    prompt_tokens = sum(estimate_tokens(m.content) for m in messages) * strategy.samples
    return StrategyResult(
        strategy=strategy.name, title=strategy.title, messages=messages, outputs=outputs, answers=answers,
        answer=answer, votes=votes, latency_ms=latency_ms, prompt_tokens=prompt_tokens,
        completion_tokens=sum(estimate_tokens(o) for o in outputs),
        correct=None if expected is None else matches(answer, expected))


def compare(question: str, strategies: list[Strategy], provider: Provider | None = None,
            expected: str | None = None, clock: Clock = time.perf_counter) -> Comparison:
    if not question.strip():
        raise ValueError("the question is empty")
    provider = provider or make_provider()
    if isinstance(getattr(provider, "brain", None), OfflineModel) and understand(question) is None:
        raise OfflineCannotAnswer(OFFLINE_SCOPE)
    results = [run_strategy(s, question, provider, expected, clock) for s in strategies]
    return Comparison(question.strip(), expected, provider.name, results)


def benchmark(questions: list[Question], strategies: list[Strategy], provider: Provider | None = None,
              clock: Clock = time.perf_counter) -> list[Comparison]:
    provider = provider or make_provider()
    return [compare(q.question, strategies, provider, q.expected, clock) for q in questions]


def scoreboard(comparisons: list[Comparison]) -> list[dict]:
    """Per strategy, over all comparisons: accuracy (where known), mean latency, tokens, calls."""
    board: dict[str, dict] = {}
    for comparison in comparisons:
        for r in comparison.results:
            row = board.setdefault(r.strategy, {"strategy": r.strategy, "title": r.title, "questions": 0,
                                                "graded": 0, "correct": 0, "latency_ms": 0.0, "calls": 0,
                                                "prompt_tokens": 0, "completion_tokens": 0})
            row["questions"] += 1
            row["graded"] += r.correct is not None
            row["correct"] += bool(r.correct)
            row["latency_ms"] += r.latency_ms
            row["calls"] += len(r.outputs)
            row["prompt_tokens"] += r.prompt_tokens
            row["completion_tokens"] += r.completion_tokens
    for row in board.values():
        row["accuracy"] = round(row["correct"] / row["graded"], 3) if row["graded"] else None
        row["latency_ms"] = round(row["latency_ms"] / row["questions"], 3)
    return list(board.values())


def save(path: str | Path, comparisons: list[Comparison]) -> Path:
    """Write the comparisons as JSON (everything, with the scoreboard) or CSV (one row per strategy)."""
    file = Path(path)
    if file.suffix.lower() == ".csv":
        with file.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
            writer.writeheader()
            for comparison in comparisons:
                writer.writerows(comparison.rows())
    elif file.suffix.lower() == ".json":
        data = {"comparisons": [c.to_dict() for c in comparisons], "scoreboard": scoreboard(comparisons)}
        file.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    else:
        raise ValueError(f"{file.name}: save as .json or .csv")
    return file
