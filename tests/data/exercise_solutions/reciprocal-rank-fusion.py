"""Reciprocal rank fusion merges the rankings of several retrievers (say BM25 and embeddings) without comparing their scores."""


def rrf(rankings, k=60):
    """rankings: lists of document ids, best first. Returns [(doc_id, fused_score), ...], best first."""
    scores = {}
    for ranking in rankings:
        for rank, doc in enumerate(ranking, start=1):
            scores[doc] = scores.get(doc, 0.0) + 1 / (k + rank)
    return sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))
