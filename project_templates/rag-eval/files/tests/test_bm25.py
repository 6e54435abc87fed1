from __future__ import annotations

from {{ cookiecutter.package_name }}.bm25 import BM25

DOCS = [
    "Error E-104 means the cell temperature is too high.",
    "The battery charges from the grid during cheap hours.",
    "The battery battery battery is a battery.",
    "Storm Watch charges the battery before a storm.",
]


def test_exact_rare_terms_win():
    index = BM25(DOCS)
    assert index.search("what is E-104", 2)[0][0] == 0
    assert index.search("storm", 4) == [(3, index.score("storm", 3))]


def test_rare_terms_weigh_more_than_common_ones():
    index = BM25(DOCS)
    assert index.score("storm", 3) > index.score("battery", 3) > 0


def test_no_shared_term_means_no_result():
    assert BM25(DOCS).search("pizza recipe", 3) == []
    assert BM25([]).search("anything", 3) == []


def test_term_frequency_saturates_with_k1():
    repeated = BM25(DOCS, k1=0.5)
    assert repeated.score("battery", 2) < 2 * repeated.score("battery", 1)


def test_b_controls_the_length_penalty():
    docs = ["solar", "solar " + "filler " * 30]
    assert BM25(docs, b=0.0).score("solar", 1) == BM25(docs, b=0.0).score("solar", 0)
    assert BM25(docs, b=1.0).score("solar", 1) < BM25(docs, b=1.0).score("solar", 0)
