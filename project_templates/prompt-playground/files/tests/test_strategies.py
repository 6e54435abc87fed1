from __future__ import annotations

import pytest

from {{ cookiecutter.package_name }}.strategies import (
    StrategyError,
    expected_answer,
    load_questions,
    load_strategies,
    load_strategy,
    with_samples,
)


def test_the_four_bundled_strategies_load_in_order():
    strategies = load_strategies()
    assert [s.name for s in strategies] == ["zero_shot", "few_shot", "chain_of_thought", "self_consistency"]
    voting = strategies[-1]
    assert voting.samples >= 2 and voting.temperature > 0
    assert all(s.samples == 1 and s.temperature == 0 for s in strategies[:-1])


def test_few_shot_examples_become_earlier_turns():
    few_shot = load_strategies(names=["few_shot"])[0]
    messages = few_shot.messages("What is 1 + 1?")
    turns = ["user", "assistant"] * len(few_shot.examples)
    assert [m.role for m in messages] == ["system", *turns, "user"]
    assert messages[-1].content.startswith("What is 1 + 1?") and messages[2].content == "14"


def test_a_folder_of_your_own_strategies(tmp_path):
    (tmp_path / "role.yaml").write_text(
        "title: Role prompting\nsystem: You are a maths teacher.\ntemplate: 'Q: {question}'\norder: 1\n")
    (tmp_path / "plain.yaml").write_text("template: '{question}'\n")
    strategies = load_strategies(tmp_path)
    assert [s.name for s in strategies] == ["role", "plain"]
    assert strategies[0].messages("Why?")[-1].content == "Q: Why?"
    assert strategies[1].title == "plain" and strategies[1].messages("x")[0].role == "user"


@pytest.mark.parametrize("content,message", [
    ("template: no slot\n", "must contain {question}"),
    ("template: '{question}'\nsamples: 0\n", "samples must be"),
    ("template: '{question}'\nsamples: many\n", "whole number"),
    ("template: '{question}'\nexamples: [{question: only}]\n", r"examples\[0\]"),
    ("template: [unclosed\n", "not valid YAML"),
    ("- a list\n", "mapping"),
])
def test_bad_strategy_files_say_what_is_wrong(tmp_path, content, message):
    (tmp_path / "bad.yaml").write_text(content)
    with pytest.raises(StrategyError, match=message):
        load_strategy(tmp_path / "bad.yaml")


def test_unknown_names_and_empty_folders_are_errors(tmp_path):
    with pytest.raises(StrategyError, match="unknown strategy tree_of_thought: choose from zero_shot"):
        load_strategies(names=["tree_of_thought"])
    with pytest.raises(StrategyError, match="no strategy files"):
        load_strategies(tmp_path)
    with pytest.raises(StrategyError, match="no such folder"):
        load_strategies(tmp_path / "missing")


def test_samples_change_only_the_voting_strategies():
    changed = with_samples(load_strategies(), 9)
    assert [s.samples for s in changed] == [1, 1, 1, 9]
    with pytest.raises(StrategyError):
        with_samples(changed, 0)


def test_sample_questions_have_expected_answers():
    questions = load_questions()
    assert len(questions) >= 8 and all(q.expected for q in questions)
    assert expected_answer("what is 3 +  4 * 5?", questions) == "23"
    assert expected_answer("What is the meaning of life?", questions) is None
