from __future__ import annotations

import csv
import itertools
import json

import pytest

from {{ cookiecutter.package_name }}.offline import OfflineModel
from {{ cookiecutter.package_name }}.playground import (
    OfflineCannotAnswer,
    benchmark,
    compare,
    make_provider,
    run_strategy,
    save,
    scoreboard,
)
from {{ cookiecutter.package_name }}.providers import FakeProvider
from {{ cookiecutter.package_name }}.strategies import (
    load_questions,
    load_strategies,
    with_samples,
)


def offline(slip_one_in: int | None = 5) -> FakeProvider:
    return FakeProvider(brain=OfflineModel(slip_one_in))


@pytest.fixture
def strategies():
    return with_samples(load_strategies(), 5)  # whatever the generated default


def test_one_question_side_by_side(strategies):
    comparison = compare("What is 3 + 4 * 5?", strategies, offline(None), expected="23")
    by_name = {r.strategy: r for r in comparison.results}
    assert [r.strategy for r in comparison.results] == ["zero_shot", "few_shot", "chain_of_thought",
                                                        "self_consistency"]
    assert (by_name["zero_shot"].answer, by_name["zero_shot"].correct) == ("35", False)
    assert all(by_name[n].correct for n in ("few_shot", "chain_of_thought", "self_consistency"))
    voting = by_name["self_consistency"]
    assert len(voting.outputs) == 5 and voting.votes == {"23": 5} and voting.agreement == 1.0
    assert voting.prompt_tokens == 5 * by_name["chain_of_thought"].prompt_tokens
    assert by_name["few_shot"].prompt_tokens > by_name["zero_shot"].prompt_tokens  # examples cost tokens
    assert by_name["chain_of_thought"].completion_tokens > by_name["few_shot"].completion_tokens


def test_the_vote_outweighs_a_slip():
    cot, voting = with_samples(load_strategies(names=["chain_of_thought", "self_consistency"]), 5)
    provider = FakeProvider(replies=["Answer: 35", "Answer: 23", "Answer: 35", "Answer: 23", "Answer: 23",
                                     "Answer: 23"])
    single = run_strategy(cot, "What is 3 + 4 * 5?", provider, expected="23")
    voted = run_strategy(voting, "What is 3 + 4 * 5?", provider, expected="23")
    assert (single.answer, single.correct) == ("35", False)
    assert (voted.answer, voted.correct, voted.votes) == ("23", True, {"23": 4, "35": 1})
    assert voted.agreement == pytest.approx(0.8)
    assert all(call[-1].content.endswith("Let's think step by step.") for call in provider.calls)


def test_latency_is_measured_around_the_calls(strategies):
    ticks = itertools.count(0.0, 0.25)  # every clock reading is 250 ms after the last
    comparison = compare("Which is larger, 9.11 or 9.9?", strategies[:2], offline(),
                         clock=lambda: next(ticks))
    assert [r.latency_ms for r in comparison.results] == [250.0, 250.0]


def test_the_benchmark_ranks_the_strategies(strategies):
    board = {row["strategy"]: row for row in scoreboard(benchmark(load_questions(), strategies, offline()))}
    assert board["zero_shot"]["accuracy"] == 0.0  # every sample question is a trap
    assert 0 < board["few_shot"]["accuracy"] < 1  # its examples cover some kinds of question only
    assert board["chain_of_thought"]["accuracy"] < board["self_consistency"]["accuracy"] == 1.0
    assert board["self_consistency"]["calls"] == 5 * board["zero_shot"]["calls"]


def test_unknown_expected_answers_are_not_graded(strategies):
    comparison = compare("What is 6 * 7?", strategies[:1], offline())
    assert comparison.results[0].correct is None and comparison.results[0].answer == "42"
    assert scoreboard([comparison])[0]["accuracy"] is None


def test_the_offline_model_refuses_questions_it_does_not_understand(strategies):
    with pytest.raises(OfflineCannotAnswer, match="cannot answer this"):
        compare("Who wrote Hamlet?", strategies, offline())
    # a scripted stand-in (or a real model) is asked anyway
    scripted = compare("Who wrote Hamlet?", strategies[:1], FakeProvider(replies=["Answer: Shakespeare"]))
    assert scripted.results[0].answer == "Shakespeare"
    with pytest.raises(ValueError, match="empty"):
        compare("  ", strategies, offline())


def test_results_save_as_json_and_csv(tmp_path, strategies):
    comparisons = benchmark(load_questions()[:2], strategies, offline())
    data = json.loads(save(tmp_path / "r.json", comparisons).read_text())
    assert len(data["comparisons"]) == 2 and len(data["scoreboard"]) == 4
    first = data["comparisons"][0]["results"][3]
    assert first["strategy"] == "self_consistency" and len(first["outputs"]) == 5
    assert first["messages"][0]["role"] == "system"
    rows = list(csv.DictReader(save(tmp_path / "r.csv", comparisons).open()))
    assert len(rows) == 8 and rows[0]["strategy"] == "zero_shot" and rows[0]["correct"] == "False"
    assert rows[3]["samples"] == "5" and rows[3]["provider"] == "fake"
    with pytest.raises(ValueError, match=".json or .csv"):
        save(tmp_path / "r.txt", comparisons)


@pytest.mark.integration
def test_a_real_model_answers_with_every_strategy():
    strategies = with_samples(load_strategies(), 3)
    comparison = compare("What is 3 + 4 * 5?", strategies, make_provider(), expected="23")
    assert all(r.answer for r in comparison.results)
    assert comparison.results[-1].correct  # the vote of three chains of thought
