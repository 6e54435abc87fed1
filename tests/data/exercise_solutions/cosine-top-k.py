"""Semantic search in a few lines: cosine similarity between embeddings, then the top k."""
import math


def cosine(a, b):
    na = math.sqrt(sum(x * x for x in a))
    nb = math.sqrt(sum(x * x for x in b))
    if na == 0 or nb == 0:
        return 0.0
    return sum(x * y for x, y in zip(a, b)) / (na * nb)


def top_k(query, docs, k):
    """[(doc_index, score), ...] of the k documents most similar to query."""
    scored = [(i, cosine(query, d)) for i, d in enumerate(docs)]
    return sorted(scored, key=lambda pair: (-pair[1], pair[0]))[:k]
