"""The evaluation metrics: exact match here, token F1 and ROUGE-L from textmetrics.py (pure Python).

- exact match: 1 when the prediction's words equal the reference's (case, punctuation and spacing
  ignored), else 0. Right for short structured answers such as ticket labels.
- token F1: harmonic mean of token precision and recall, bag of words (as in SQuAD).
- ROUGE-L: F-measure of the longest common subsequence of tokens (Lin, 2004): rewards the same
  words in the same order without requiring them to be adjacent. Right for free-text answers.
"""

from __future__ import annotations

from .textmetrics import rouge_l, token_f1, words


def exact_match(prediction: str, reference: str) -> float:
    return float(words(prediction) == words(reference))


METRICS = {"exact_match": exact_match, "token_f1": token_f1, "rouge_l": rouge_l}


def score(prediction: str, reference: str) -> dict[str, float]:
    return {name: metric(prediction, reference) for name, metric in METRICS.items()}


def mean_scores(rows: list[dict[str, float]]) -> dict[str, float]:
    return {name: sum(row[name] for row in rows) / len(rows) if rows else 0.0 for name in METRICS}
