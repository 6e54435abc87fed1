from __future__ import annotations

import pytest

from {{ cookiecutter.package_name }}.rouge import builtin_rouge, rouge


def test_identical_texts_score_one_and_unrelated_zero():
    assert builtin_rouge("the cat sat on the mat", "the cat sat on the mat") == {
        "rouge1": 1.0, "rouge2": 1.0, "rougeL": 1.0}
    assert builtin_rouge("dogs bark loudly", "the cat sat") == {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}


def test_known_values():
    scores = builtin_rouge("the cat was found under the bed", "the cat was under the bed")
    assert scores["rouge1"] == pytest.approx(2 * 6 / 13, abs=1e-4)  # 6 of 7 and 6 of 6 unigrams
    assert scores["rouge2"] == pytest.approx(2 * (4 / 6) * (4 / 5) / (4 / 6 + 4 / 5), abs=1e-4)
    assert scores["rougeL"] == scores["rouge1"]  # the common subsequence is all six reference words


def test_the_configured_rouge_agrees_with_the_builtin_one_on_plain_words():
    candidate, reference = "summaries help readers", "short summaries help busy readers"
    expected = builtin_rouge(candidate, reference)["rouge1"]
    assert rouge(candidate, reference)["rouge1"] == pytest.approx(expected)
