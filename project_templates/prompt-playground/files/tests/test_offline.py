from __future__ import annotations

import pytest

from {{ cookiecutter.package_name }}.offline import OfflineModel, understand
from {{ cookiecutter.package_name }}.providers import Message, system, user

COT = "Think step by step, then give the answer on the last line as \"Answer: <answer>\"."


@pytest.mark.parametrize("question,hasty,careful", [
    ("What is 3 + 4 * 5?", "35", "23"),
    ("What is (7 + 5) * 3 - 10 / 5?", "5.2", "34"),
    ("How many times does the letter r appear in strawberry?", "2", "3"),
    ("Which is larger, 9.11 or 9.9?", "9.11", "9.9"),
    ('Classify the sentiment of this review: "I expected to hate it, but it was wonderful."', "negative",
     "positive"),
    ('Classify the sentiment of this review: "It was not good."', "positive", "negative"),
])
def test_intuition_falls_into_the_trap_and_care_does_not(question, hasty, careful):
    _, reason = understand(question)
    assert reason(False)[1] == hasty
    assert reason(True)[1] == careful


def test_other_questions_are_not_understood():
    assert understand("Who wrote Hamlet?") is None
    assert understand("What is 1 / 0?") is None


def test_the_strategy_is_read_from_the_prompt():
    model = OfflineModel(slip_one_in=None)
    question = user("What is 2 + 3 * 4?\nReply with the answer only.")
    assert model([question]) == "The answer is 20."
    steps = model([system(COT), user("What is 2 + 3 * 4?\nLet's think step by step.")])
    assert steps.splitlines()[-1] == "Answer: 14" and "3 * 4 = 12" in steps
    example = [user("What is 1 + 2 * 2?"), Message("assistant", "5")]
    assert model([*example, question]) == "14"  # an example of the same kind: careful, bare
    other = [user("Which is larger, 2.8 or 2.75?"), Message("assistant", "2.8")]
    assert model([*other, question]) == "20"  # examples of another kind: bare, but hasty
    assert model([user("Who wrote Hamlet?")]) == "I don't know."


def test_one_sampled_chain_of_thought_in_five_slips_and_runs_repeat():
    prompt = [system(COT), user("What is 3 + 4 * 5?")]
    first = [OfflineModel()(prompt) for _ in range(3)]
    assert len(set(first)) == 1  # a fresh model gives the same first reply
    model = OfflineModel(slip_one_in=5)
    answers = [model(prompt).splitlines()[-1] for _ in range(10)]
    assert answers.count("Answer: 35") == 2 and answers.count("Answer: 23") == 8
