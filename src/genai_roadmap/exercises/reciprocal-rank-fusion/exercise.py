"""Reciprocal rank fusion merges the rankings of several retrievers (say BM25 and embeddings) without comparing their scores."""


def rrf(rankings, k=60):
    """rankings: lists of document ids, best first. Returns [(doc_id, fused_score), ...], best first."""
    raise NotImplementedError("rrf is not written yet")
