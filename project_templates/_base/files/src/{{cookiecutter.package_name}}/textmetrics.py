"""Text-overlap metrics in pure Python, shared by the templates that score generated text.

A template gets this file by listing `textmetrics` in its `flags` (project_templates/_base/base.yaml).

- `token_f1`: harmonic mean of token precision and recall, bag of words (as in SQuAD).
- `rouge_n`: F1 of the n-grams two texts share (ROUGE-1, ROUGE-2, …).
- `rouge_l`: F1 of their longest common subsequence of tokens (Lin, 2004): the same words in the
  same order, not necessarily adjacent.
"""

from __future__ import annotations

import re
from collections import Counter

_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """Lower-cased words and numbers: the tokens every metric here compares."""
    return _WORD.findall(text.lower())


def f1(overlap: int, predicted: int, reference: int) -> float:
    if not overlap:
        return 0.0
    precision, recall = overlap / predicted, overlap / reference
    return 2 * precision * recall / (precision + recall)


def ngrams(tokens: list[str], n: int) -> Counter:
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def rouge_n(prediction: str, reference: str, n: int = 1) -> float:
    pred, ref = ngrams(words(prediction), n), ngrams(words(reference), n)
    return f1(sum((pred & ref).values()), sum(pred.values()), sum(ref.values()))


def token_f1(prediction: str, reference: str) -> float:
    return rouge_n(prediction, reference, 1)


def lcs_length(a: list[str], b: list[str]) -> int:
    """Length of the longest common subsequence, by dynamic programming one row at a time."""
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b, 1):
            current.append(previous[j - 1] + 1 if x == y else max(previous[j], current[j - 1]))
        previous = current
    return previous[-1]


def rouge_l(prediction: str, reference: str) -> float:
    pred, ref = words(prediction), words(reference)
    return f1(lcs_length(pred, ref), len(pred), len(ref))
