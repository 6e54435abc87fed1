"""Best-of-n (rejection sampling): the reward model picks the best of n sampled answers.

The policy samples n answers to a prompt; the reward model scores each (prompt, answer); the
highest-scoring one is kept. This is how a reward model is used without RL: to rank samples at
inference time, or to build the next round's preference pairs (best vs worst). The summary shows
what the ranking bought: the mean reward of the answer the policy gave first against the one kept.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

Sampler = Callable[[str, int], list[str]]  # (prompt, n) → n answers
Scorer = Callable[[str, Sequence[str]], list[float]]  # (prompt, answers) → one reward each


@dataclass(frozen=True)
class Ranked:
    prompt: str
    answers: list[str]
    rewards: list[float]

    @property
    def best(self) -> int:
        return max(range(len(self.rewards)), key=self.rewards.__getitem__)

    def row(self) -> dict:
        worst = min(range(len(self.rewards)), key=self.rewards.__getitem__)
        candidates = [{"answer": a, "reward": r} for a, r in zip(self.answers, self.rewards, strict=True)]
        best = self.best
        return {"prompt": self.prompt, "best": self.answers[best], "best_reward": self.rewards[best],
                "worst": self.answers[worst], "worst_reward": self.rewards[worst], "candidates": candidates}


def best_of_n(prompts: Sequence[str], sample: Sampler, score: Scorer, n: int) -> list[Ranked]:
    ranked = []
    for prompt in prompts:
        answers = sample(prompt, n)
        rewards = [float(r) for r in score(prompt, answers)]
        if len(answers) != n or len(rewards) != n:
            raise ValueError(f"expected {n} answers and rewards for {prompt[:40]!r}, "
                             f"got {len(answers)} and {len(rewards)}")
        if not all(math.isfinite(r) for r in rewards):
            raise ValueError(f"the reward model gave a non-finite reward for {prompt[:40]!r}")
        ranked.append(Ranked(prompt, answers, rewards))
    return ranked


def summary(ranked: Sequence[Ranked]) -> dict[str, float]:
    """Mean reward of the first sample (the policy alone) and of the best (policy + reward model)."""
    if not ranked:
        return {"prompts": 0}
    first = sum(r.rewards[0] for r in ranked) / len(ranked)
    best = sum(r.rewards[r.best] for r in ranked) / len(ranked)
    return {"prompts": len(ranked), "n": len(ranked[0].answers), "reward_first": first, "reward_best": best,
            "reward_gain": best - first, "kept_not_first": sum(r.best != 0 for r in ranked) / len(ranked)}
