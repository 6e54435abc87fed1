from __future__ import annotations

import sys

import pytest

from {{ cookiecutter.package_name }}.corpus import Passage
from {{ cookiecutter.package_name }}.providers import ProviderError
from {{ cookiecutter.package_name }}.rerank import OverlapReranker, get_reranker

PASSAGES = [
    Passage("a#1", "a", "Billing", "The grid price is shown in the app, and charging is cheap at night."),
    Passage("b#1", "b", "Time-of-use mode",
            "In time-of-use mode the battery charges when grid power is cheap."),
]


def test_the_overlap_scorer_rewards_the_words_together():
    scores = OverlapReranker().score("time-of-use mode charging", PASSAGES)
    assert scores[1] > scores[0]
    assert OverlapReranker().score("the and of", PASSAGES) == [0.0, 0.0]


def test_rerankers_are_chosen_by_name(monkeypatch):
    assert get_reranker().name == "overlap"
    monkeypatch.setenv("RERANKER", "overlap")
    assert get_reranker().name == "overlap"
    with pytest.raises(ProviderError, match="overlap, cross-encoder"):
        get_reranker("bm42")


def test_the_cross_encoder_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    with pytest.raises(ProviderError, match=r"pip install -e '\.\[rerank\]'"):
        get_reranker("cross-encoder")


@pytest.mark.integration
def test_a_real_cross_encoder_prefers_the_relevant_passage():
    pytest.importorskip("sentence_transformers")
    scores = get_reranker("cross-encoder").score("How does time-of-use mode work?", PASSAGES)
    assert scores[1] > scores[0]
