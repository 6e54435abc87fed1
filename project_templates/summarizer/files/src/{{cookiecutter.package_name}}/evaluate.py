"""Score every strategy against reference summaries with ROUGE: the bundled articles by default."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .rouge import METRICS, rouge
from .strategies import STRATEGIES, Summarizer


@dataclass
class Score:
    document: str
    strategy: str
    calls: int
    words: int
    rouge: dict[str, float]


def bundled_dataset() -> list[tuple[str, str, str]]:
    """(name, text, reference summary) for every bundled article."""
    folder = Path(str(resources.files(__package__) / "data"))
    references = json.loads((folder / "references.json").read_text(encoding="utf-8"))
    return [(name, (folder / "articles" / name).read_text(encoding="utf-8"), reference)
            for name, reference in sorted(references.items())]


def evaluate(summarizer: Summarizer, dataset: list[tuple[str, str, str]],
             strategies: tuple[str, ...] = STRATEGIES) -> list[Score]:
    scores = []
    for name, text, reference in dataset:
        for strategy in strategies:
            summary = summarizer.run(strategy, text)
            scores.append(Score(name, strategy, summary.calls, len(summary.text.split()),
                                rouge(summary.text, reference)))
    return scores


def averages(scores: list[Score]) -> dict[str, dict[str, float]]:
    """Mean ROUGE per strategy."""
    result = {}
    for strategy in dict.fromkeys(s.strategy for s in scores):
        mine = [s for s in scores if s.strategy == strategy]
        result[strategy] = {m: round(sum(s.rouge[m] for s in mine) / len(mine), 4) for m in METRICS}
    return result
