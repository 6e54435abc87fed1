from exercise import bm25_scores
from genai_check import close

DOCS = [
    "the cat sat on the mat".split(),
    "the dog chased the cat".split(),
    "dogs and cats living together".split(),
]


def test_single_term():
    close(bm25_scores(["mat"], DOCS), [0.9285957425, 0.0, 0.0], "scores for 'mat'", tol=1e-6)


def test_two_terms():
    close(bm25_scores(["cat", "dog"], DOCS), [0.4449738502, 1.4928183998, 0.0], "scores for 'cat dog'", tol=1e-6)


def test_unknown_term():
    close(bm25_scores(["zebra"], DOCS), [0.0, 0.0, 0.0], "scores for a term no document has")
