from __future__ import annotations

from {{ cookiecutter.package_name }}.judge import (
    JUDGE_PROMPT,
    audit,
    heuristic_judge,
    judge,
    judge_provider,
    summary,
)
from {{ cookiecutter.package_name }}.preferences import Pair
from {{ cookiecutter.package_name }}.providers import FakeProvider, user

PAIR = Pair("How do I reverse a list in Python?",
            "Use `items.reverse()` to reverse the list in place, or `items[::-1]` for a reversed copy.",
            "Python lists cannot be reversed directly.", line=1)


def test_the_heuristic_judge_prefers_the_concrete_answer_in_either_position():
    first = JUDGE_PROMPT.format(prompt=PAIR.prompt, a=PAIR.chosen, b=PAIR.rejected)
    second = JUDGE_PROMPT.format(prompt=PAIR.prompt, a=PAIR.rejected, b=PAIR.chosen)
    assert heuristic_judge([user(first)]) == "A" and heuristic_judge([user(second)]) == "B"


def test_each_pair_is_judged_in_both_orders():
    provider = judge_provider()
    result = judge(provider, PAIR)
    assert result.outcome == "agrees" and len(provider.calls) == 2
    assert PAIR.chosen in provider.calls[0][-1].content.split("Response B:")[0]
    assert PAIR.chosen in provider.calls[1][-1].content.split("Response B:")[1]


def test_position_bias_and_disagreement_are_told_apart():
    always_a = FakeProvider(replies=["A", "A"])
    assert judge(always_a, PAIR).outcome == "inconsistent"
    contrary = FakeProvider(replies=["B", "The answer is A."])
    assert judge(contrary, PAIR).outcome == "disagrees"
    unparsable = FakeProvider(replies=["maybe", "B"])
    assert judge(unparsable, PAIR).outcome == "inconsistent"


def test_the_audit_summary_lists_what_to_review():
    lines = summary(audit(FakeProvider(replies=["A", "B", "B", "A"]), [PAIR, Pair("Q?", "x", "y", line=7)]))
    assert lines[0].startswith("2 pairs judged in both orders: agrees 1 (50%), disagrees 1")
    assert lines[1:] == ["  line 7 disagrees: Q?"]
