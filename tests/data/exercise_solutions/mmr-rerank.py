"""Maximal marginal relevance: re-rank retrieved chunks for relevance *and* diversity, so the
context is not five copies of the same paragraph.
"""
import math


def cosine(a, b):
    na, nb = math.sqrt(sum(x * x for x in a)), math.sqrt(sum(x * x for x in b))
    return 0.0 if na == 0 or nb == 0 else sum(x * y for x, y in zip(a, b)) / (na * nb)


def mmr(query, docs, k, lam=0.5):
    """Indices of k documents chosen by MMR."""
    picked = []
    candidates = list(range(len(docs)))
    while candidates and len(picked) < k:
        def score(i):
            redundancy = max((cosine(docs[i], docs[j]) for j in picked), default=0.0)
            return lam * cosine(query, docs[i]) - (1 - lam) * redundancy
        best = max(candidates, key=lambda i: (score(i), -i))
        picked.append(best)
        candidates.remove(best)
    return picked
