from __future__ import annotations

import pytest

from {{ cookiecutter.package_name }}.metrics import (
    exact_match,
    mean_scores,
    rouge_l,
    score,
    token_f1,
)
from {{ cookiecutter.package_name }}.textmetrics import lcs_length


def test_exact_match_ignores_case_punctuation_and_spacing():
    assert exact_match("Category: billing;  priority: HIGH.", "category: billing; priority: high") == 1.0
    assert exact_match("category: billing; priority: low", "category: billing; priority: high") == 0.0


def test_rouge_l_by_hand():
    # LCS of "the cat sat on the mat" and "the cat lay on the mat" is "the cat on the mat": 5 of 6 tokens
    assert lcs_length("the cat sat on the mat".split(), "the cat lay on the mat".split()) == 5
    assert rouge_l("the cat lay on the mat", "the cat sat on the mat") == pytest.approx(5 / 6)
    # order matters: P = 2/4, R = 2/3 → F = 2PR/(P+R) = 4/7
    assert rouge_l("mat the on cat", "the cat mat") == pytest.approx(4 / 7)
    assert rouge_l("x", "") == 0.0


def test_token_f1_by_hand():
    # shared {click, reset}: P = 2/3, R = 2/4 → F = 4/7
    assert token_f1("click reset now", "click the reset link") == pytest.approx(4 / 7)
    assert token_f1("nothing shared", "at all") == 0.0


def test_scores_and_means():
    rows = [score("a b", "a b"), score("c", "a b")]
    assert rows[0] == {"exact_match": 1.0, "token_f1": 1.0, "rouge_l": 1.0}
    assert mean_scores(rows)["exact_match"] == 0.5
    assert mean_scores([]) == {"exact_match": 0.0, "token_f1": 0.0, "rouge_l": 0.0}
