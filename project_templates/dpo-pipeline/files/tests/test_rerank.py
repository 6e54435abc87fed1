"""Best-of-n: the reward model ranks sampled answers (scripted sampler and scorer stand in for the
policy and the reward model; the real ones run in test_train.py)."""

from __future__ import annotations

import pytest

from {{ cookiecutter.package_name }}.rerank import best_of_n, summary


def sampler(prompt, n):
    return [f"{prompt} answer {i}" for i in range(n)]


def test_the_highest_reward_is_kept_and_the_gain_reported():
    rewards = {"q1": [0.1, 0.9, 0.4], "q2": [0.5, 0.2, 0.3]}
    ranked = best_of_n(["q1", "q2"], sampler, lambda prompt, answers: rewards[prompt], 3)
    assert [r.row()["best"] for r in ranked] == ["q1 answer 1", "q2 answer 0"]
    assert ranked[0].row()["worst"] == "q1 answer 0" and ranked[0].row()["worst_reward"] == 0.1
    stats = summary(ranked)
    assert stats["reward_first"] == pytest.approx(0.3) and stats["reward_best"] == pytest.approx(0.7)
    assert stats["reward_gain"] == pytest.approx(0.4) and stats["kept_not_first"] == 0.5
    assert stats["prompts"] == 2 and stats["n"] == 3


def test_a_broken_scorer_is_an_error_not_a_ranking():
    with pytest.raises(ValueError, match="expected 3 answers and rewards"):
        best_of_n(["q"], sampler, lambda prompt, answers: [1.0], 3)
    with pytest.raises(ValueError, match="non-finite reward"):
        best_of_n(["q"], sampler, lambda prompt, answers: [1.0, float("nan")], 2)
    assert summary([]) == {"prompts": 0}
