"""BM25, the sparse half of hybrid search (what Elasticsearch and Lucene rank with)."""
import math


def bm25_scores(query, docs, k1=1.5, b=0.75):
    """One score per document (lists of tokens) for the query (a list of tokens)."""
    raise NotImplementedError("bm25_scores is not written yet")
