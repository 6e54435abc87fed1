from __future__ import annotations

import json

import pytest

from {{ cookiecutter.package_name }}.judge import Judge, JudgeError, parse_verdict
from {{ cookiecutter.package_name }}.offline import offline_judge
from {{ cookiecutter.package_name }}.providers import FakeProvider
from {{ cookiecutter.package_name }}.rubric import Rubric, load_items, load_rubric


@pytest.fixture
def rubric() -> Rubric:
    return load_rubric()


def sheet(rubric: Rubric, score: int) -> str:
    return json.dumps({"scores": {c.name: score for c in rubric.criteria}, "rationale": "ok"})


def test_the_offline_judge_prefers_the_reference_to_an_off_topic_answer(rubric):
    judge = Judge(FakeProvider(brain=offline_judge), rubric)
    item = load_items()[0]
    good, bad = judge(item, item.reference), judge(item, "The weather is sunny.")
    assert good.scores and bad.scores
    assert good.scores["correctness"] == rubric.scale_max and bad.scores["correctness"] == 1
    assert rubric.weighted(good.scores) > rubric.weighted(bad.scores)


def test_verdicts_are_parsed_from_json_even_inside_prose(rubric):
    verdict = parse_verdict("Sure!\n```json\n" + sheet(rubric, 2) + "\n```", rubric)
    assert verdict.scores == {c.name: 2 for c in rubric.criteria} and verdict.rationale == "ok"


@pytest.mark.parametrize("reply,message", [
    ("no json here", "no JSON object"),
    ('{"scores": {"correctness": 3}}', "not a score sheet"),
])
def test_malformed_verdicts_are_refused(rubric, reply, message):
    with pytest.raises(JudgeError, match=message):
        parse_verdict(reply, rubric)


def test_out_of_scale_scores_are_refused(rubric):
    with pytest.raises(JudgeError, match="integer from 1 to"):
        parse_verdict(sheet(rubric, rubric.scale_max + 1), rubric)


def test_a_malformed_reply_gets_one_retry_then_fails(rubric):
    fake = FakeProvider(replies=["garbage", sheet(rubric, 3)])
    assert Judge(fake, rubric)(load_items()[0], "answer").scores["relevance"] == 3
    assert "no JSON object" in fake.calls[1][-1].content  # the judge saw its mistake
    failed = Judge(FakeProvider(replies=["x", "y"]), rubric)(load_items()[0], "answer")
    assert failed.scores is None and "no JSON object" in failed.error
