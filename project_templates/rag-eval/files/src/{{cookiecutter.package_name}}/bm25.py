{%- if cookiecutter.bm25 == "bm25s" -%}
"""Okapi BM25, the sparse (keyword) half of hybrid search, with bm25s (sparse matrices, fast).

    score(q, d) = Σ over the query's terms t of
                  idf(t) · tf(t, d) · (k1 + 1) / (tf(t, d) + k1 · (1 − b + b · |d| / avgdl))

k1 sets how fast repeated terms stop adding score; b how much long documents are penalised.
BM25 is exact about rare words (error codes, product names), which embeddings blur. Texts are
tokenised by the project's own `tokens` (lower-cased, stemmed, no stop words), the same words the
offline model and the reranker see.
"""

from __future__ import annotations

from .providers import tokens


class BM25:
    def __init__(self, documents: list[str], k1: float = 1.5, b: float = 0.75):
        import bm25s

        self.size = len(documents)
        self.index = bm25s.BM25(k1=k1, b=b, method="lucene")
        if documents:
            # An empty document gets a placeholder token so every row exists.
            self.index.index([tokens(text) or ["\x00"] for text in documents], show_progress=False)

    def scores(self, query: str) -> list[float]:
        """Every document's score for the query, in document order."""
        wanted = [t for t in tokens(query) if t in self.index.vocab_dict] if self.size else []
        if not wanted:
            return [0.0] * self.size
        return [float(s) for s in self.index.get_scores(wanted)]

    def score(self, query: str, index: int) -> float:
        return self.scores(query)[index]

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        """(document index, score) of the best `k` documents that share a term with the query."""
        ranked = sorted(((i, s) for i, s in enumerate(self.scores(query)) if s > 0),
                        key=lambda pair: (-pair[1], pair[0]))
        return ranked[:k]
{%- else -%}
"""Okapi BM25 in pure Python: the sparse (keyword) half of hybrid search.

    score(q, d) = Σ over the query's terms t of
                  idf(t) · tf(t, d) · (k1 + 1) / (tf(t, d) + k1 · (1 − b + b · |d| / avgdl))
    idf(t)      = ln(1 + (N − df(t) + 0.5) / (df(t) + 0.5))

k1 sets how fast repeated terms stop adding score; b how much long documents are penalised.
BM25 is exact about rare words (error codes, product names), which embeddings blur.
"""

from __future__ import annotations

import math
from collections import Counter

from .providers import tokens


class BM25:
    def __init__(self, documents: list[str], k1: float = 1.5, b: float = 0.75):
        self.k1, self.b = k1, b
        self.docs = [Counter(tokens(text)) for text in documents]
        self.lengths = [sum(doc.values()) for doc in self.docs]
        self.avgdl = sum(self.lengths) / len(self.docs) if self.docs else 0.0
        df = Counter(term for doc in self.docs for term in doc)
        n = len(self.docs)
        self.idf = {term: math.log(1 + (n - count + 0.5) / (count + 0.5)) for term, count in df.items()}

    def score(self, query: str, index: int) -> float:
        doc, length = self.docs[index], self.lengths[index]
        norm = self.k1 * (1 - self.b + self.b * length / self.avgdl) if self.avgdl else self.k1
        total = 0.0
        for term in set(tokens(query)):
            tf = doc.get(term, 0)
            if tf:
                total += self.idf[term] * tf * (self.k1 + 1) / (tf + norm)
        return total

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        """(document index, score) of the best `k` documents that share a term with the query."""
        scored = [(i, self.score(query, i)) for i in range(len(self.docs))]
        ranked = sorted((pair for pair in scored if pair[1] > 0), key=lambda pair: (-pair[1], pair[0]))
        return ranked[:k]
{%- endif %}
