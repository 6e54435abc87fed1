from exercise import mmr
from genai_check import expect

QUERY = [1.0, 0.0]
DOCS = [[1.0, 0.05], [1.0, 0.0], [0.7, 0.7], [0.0, 1.0]]


def test_pure_relevance():
    expect(mmr(QUERY, DOCS, 3, lam=1.0), [1, 0, 2], "lam = 1: plain similarity order")


def test_diversity():
    expect(mmr(QUERY, DOCS, 3, lam=0.3), [1, 3, 2], "lam = 0.3 favours diversity: the near-duplicate [1, 0.05] is left out")


def test_k_larger_than_docs():
    expect(sorted(mmr(QUERY, DOCS, 10)), [0, 1, 2, 3], "k larger than the collection returns every document once")
