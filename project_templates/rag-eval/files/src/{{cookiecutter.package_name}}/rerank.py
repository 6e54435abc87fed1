"""Rerankers: cross-scorers that read the question and one passage together.

Retrievers score the question and each passage separately (a bag of words, or two embeddings);
a cross-scorer looks at the pair, so it can reward a passage that contains the question's words
*together*, in the same phrase. It is slower, so it only reorders the few fused candidates.

- `overlap` (default, offline): coverage of the question's words, plus matching word pairs
  (bigrams) and words of the passage's title. Deterministic and instant.
- `cross-encoder` (extra: pip install -e '.[rerank]'): a sentence-transformers CrossEncoder,
  by default cross-encoder/ms-marco-MiniLM-L-6-v2 (set RERANKER_MODEL to change it). It
  downloads the model on first use.
"""

from __future__ import annotations

import os
from typing import Protocol

from .corpus import Passage
from .providers import ProviderError, tokens

RERANKERS = ("overlap", "cross-encoder")
DEFAULT_CROSS_ENCODER = "cross-encoder/ms-marco-MiniLM-L-6-v2"


class Reranker(Protocol):
    name: str

    def score(self, question: str, passages: list[Passage]) -> list[float]: ...


def _bigrams(words: list[str]) -> set[tuple[str, str]]:
    return set(zip(words, words[1:], strict=False))


class OverlapReranker:
    name = "overlap"

    def score(self, question: str, passages: list[Passage]) -> list[float]:
        wanted = tokens(question)
        if not wanted:
            return [0.0] * len(passages)
        wanted_set, wanted_pairs = set(wanted), _bigrams(wanted)
        scores = []
        for passage in passages:
            words = tokens(passage.text)
            coverage = len(wanted_set & set(words)) / len(wanted_set)
            pairs = len(wanted_pairs & _bigrams(words)) / len(wanted_pairs) if wanted_pairs else 0.0
            title = len(wanted_set & set(tokens(passage.title))) / len(wanted_set)
            scores.append(round(0.6 * coverage + 0.25 * pairs + 0.15 * title, 6))
        return scores


class CrossEncoderReranker:
    name = "cross-encoder"

    def __init__(self, model: str | None = None):
        try:
            from sentence_transformers import CrossEncoder
        except ImportError:
            raise ProviderError("the cross-encoder reranker needs sentence-transformers: "
                                "pip install -e '.[rerank]'") from None
        self.model_name = model or os.environ.get("RERANKER_MODEL") or DEFAULT_CROSS_ENCODER
        self.model = CrossEncoder(self.model_name)

    def score(self, question: str, passages: list[Passage]) -> list[float]:
        if not passages:
            return []
        pairs = [(question, f"{p.title}\n{p.text}") for p in passages]
        return [float(s) for s in self.model.predict(pairs)]


def get_reranker(name: str | None = None) -> Reranker:
    name = (name or os.environ.get("RERANKER") or "overlap").strip().lower()
    if name == "overlap":
        return OverlapReranker()
    if name == "cross-encoder":
        return CrossEncoderReranker()
    raise ProviderError(f"unknown reranker '{name}': choose one of {', '.join(RERANKERS)}")
