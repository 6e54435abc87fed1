"""ROUGE: how much of a reference summary a candidate recovers (n-gram and longest-common-
subsequence overlap). F1 of ROUGE-1, ROUGE-2 and ROUGE-L, each between 0 and 1.
{%- if cookiecutter.rouge == "rouge-score" %}

Computed with Google's `rouge-score` package (Porter stemming, its own tokenizer); `builtin_rouge`
is the dependency-free version kept for comparison.
{%- else %}

Computed here without dependencies (lower-cased words and numbers, no stemming). Google's
`rouge-score` package gives close numbers with stemming.
{%- endif %}
"""

from __future__ import annotations

from .textmetrics import rouge_l, rouge_n

METRICS = ("rouge1", "rouge2", "rougeL")


def builtin_rouge(candidate: str, reference: str) -> dict[str, float]:
    scores = {"rouge1": rouge_n(candidate, reference, 1), "rouge2": rouge_n(candidate, reference, 2),
              "rougeL": rouge_l(candidate, reference)}
    return {name: round(value, 4) for name, value in scores.items()}


def rouge(candidate: str, reference: str) -> dict[str, float]:
{%- if cookiecutter.rouge == "rouge-score" %}
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    return {name: round(score.fmeasure, 4) for name, score in scorer.score(reference, candidate).items()}
{%- else %}
    return builtin_rouge(candidate, reference)
{%- endif %}
