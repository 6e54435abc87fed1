from __future__ import annotations

import pytest

from {{ cookiecutter.package_name }}.answers import (
    estimate_tokens,
    extract_answer,
    majority_vote,
    matches,
    normalize,
)


@pytest.mark.parametrize("reply,answer", [
    ("Brackets first.\n3 * 4 = 12\nAnswer: 23", "23"),
    ("The answer is 35.", "35"),
    ("**positive**", "positive"),
    ("First I add.\nThen: 3 + 4 * 5 = 23", "23"),
    ("Answer: 9.9\nFinal answer: 9.11", "9.11"),
    ("", ""),
])
def test_the_final_answer_is_read_back(reply, answer):
    assert extract_answer(reply) == answer


def test_answers_are_normalized_before_they_are_compared():
    assert normalize(" 23.0 ") == normalize("23") == "23"
    assert normalize("1,000") == "1000" and normalize("9.90") == "9.9"
    assert normalize("Positive.") == "positive"
    assert matches("23 apples", "23") and matches("NEGATIVE", "negative")
    assert not matches("9.11", "9.9") and not matches("between 2 and 3", "3")


def test_the_majority_wins_and_a_tie_goes_to_the_first_answer():
    assert majority_vote(["23", "35", "23.0", "23"]) == ("23", {"23": 3, "35": 1})
    assert majority_vote(["2", "3", "3", "2"])[0] == "2"
    assert majority_vote(["", "  "]) == ("", {})


def test_tokens_are_estimated_from_words_and_punctuation():
    assert estimate_tokens("What is 3 + 4?") == 6
    assert estimate_tokens("") == 0
