"""BM25, the sparse half of hybrid search (what Elasticsearch and Lucene rank with)."""
import math


def bm25_scores(query, docs, k1=1.5, b=0.75):
    """One score per document (lists of tokens) for the query (a list of tokens)."""
    n = len(docs)
    avgdl = sum(len(d) for d in docs) / n
    scores = []
    for doc in docs:
        score = 0.0
        for term in query:
            df = sum(1 for d in docs if term in d)
            idf = math.log((n - df + 0.5) / (df + 0.5) + 1)
            tf = doc.count(term)
            score += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len(doc) / avgdl))
        scores.append(score)
    return scores
