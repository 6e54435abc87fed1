"""LLM-as-judge: score an answer against a reference on every criterion of the rubric.

The judge must reply with JSON; a reply that is not valid JSON, misses a criterion or leaves the
scale gets one more chance with the error shown, then the judgement is recorded as failed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from .providers import Message, Provider, system, user
from .rubric import Item, Rubric

ATTEMPTS = 2


class JudgeError(ValueError):
    """The judge's reply is not a valid score sheet."""


@dataclass
class Verdict:
    scores: dict[str, int] | None
    rationale: str
    error: str | None = None


def judge_prompt(rubric: Rubric) -> str:
    example = json.dumps({"scores": {c.name: rubric.scale_max for c in rubric.criteria},
                          "rationale": "one sentence"})
    criteria = "\n".join(f"- {c.name} (weight {c.weight:g}): {c.description}" for c in rubric.criteria)
    return (f"You are a strict, impartial evaluator. Score the candidate answer against the "
            f"reference answer on each criterion with an integer from 1 (worst) to "
            f"{rubric.scale_max} (best). Judge content, not length or style.\n\n"
            f"Criteria:\n{criteria}\n\nReply with JSON only, exactly like: {example}")


def item_prompt(item: Item, answer: str) -> str:
    return (f"Question: {item.question}\nReference answer: {item.reference}\n"
            f"Candidate answer: {answer}")


def parse_verdict(reply: str, rubric: Rubric) -> Verdict:
    match = re.search(r"\{.*\}", reply, re.S)
    if not match:
        raise JudgeError("the reply has no JSON object")
    try:
        data = json.loads(match.group(0))
        scores = {c.name: data["scores"][c.name] for c in rubric.criteria}
    except (ValueError, KeyError, TypeError) as exc:
        raise JudgeError(f"the reply is not a score sheet ({exc})") from None
    for name, score in scores.items():
        if not isinstance(score, int) or isinstance(score, bool) or not 1 <= score <= rubric.scale_max:
            raise JudgeError(f"'{name}' must be an integer from 1 to {rubric.scale_max}, not {score!r}")
    return Verdict(scores, str(data.get("rationale", "")))


class Judge:
    def __init__(self, provider: Provider, rubric: Rubric):
        self.provider = provider
        self.rubric = rubric

    def __call__(self, item: Item, answer: str) -> Verdict:
        messages: list[Message] = [system(judge_prompt(self.rubric)), user(item_prompt(item, answer))]
        error = ""
        for _ in range(ATTEMPTS):
            reply = self.provider.complete(messages, max_tokens=300)
            try:
                return parse_verdict(reply, self.rubric)
            except JudgeError as exc:
                error = str(exc)
                retry = f"Invalid: {error}. Reply with the JSON only."
                messages += [Message("assistant", reply), user(retry)]
        return Verdict(None, "", error)
