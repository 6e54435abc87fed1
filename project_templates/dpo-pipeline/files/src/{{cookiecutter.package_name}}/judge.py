"""An LLM-as-judge audit of the preference labels: does a model agree that `chosen` is better?

Each pair is judged twice, with the two responses in both orders, because judges favour a
position: only a verdict that holds in both orders counts. Pairs where the judge prefers the
`rejected` response in both orders are flagged for a human to look at (label noise costs DPO
more than it costs SFT). Offline, the `fake` provider's brain is a plain heuristic judge, so the
audit runs without a key; a real provider makes it an AI-feedback (RLAIF) check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .preferences import Pair
from .providers import Message, Provider, get_provider, system, tokens, user

JUDGE_SYSTEM = ("You judge which of two responses answers the user's prompt better: correct, honest about "
                "what it does not know, safe and concise. Reply with exactly one letter: A or B.")
JUDGE_PROMPT = ("Prompt:\n{prompt}\n\nResponse A:\n{a}\n\nResponse B:\n{b}\n\n"
                "Which response is better, A or B?")
_BLOCKS = re.compile(r"Prompt:\n(.*?)\n\nResponse A:\n(.*?)\n\nResponse B:\n(.*?)\n\nWhich response", re.S)
HEDGES = ("cannot", "can't", "no way", "not possible", "always", "exactly")


def heuristic_judge(messages: list[Message]) -> str:
    """The offline judge: prefers the response that covers more of the prompt's words, shows code
    or a concrete figure, and does not make sweeping claims. Crude, deterministic, often wrong."""
    match = _BLOCKS.search(messages[-1].content)
    if not match:
        return "A"
    prompt, a, b = match.groups()
    wanted = set(tokens(prompt))

    def score(response: str) -> float:
        words = set(tokens(response))
        coverage = len(wanted & words) / len(wanted) if wanted else 0.0
        concrete = 0.5 if ("`" in response or re.search(r"\d", response)) else 0.0
        sweeping = 0.4 * sum(hedge in response.lower() for hedge in HEDGES)
        return coverage + concrete - sweeping + min(len(words), 40) / 200

    return "A" if score(a) >= score(b) else "B"


def judge_provider(name: str | None = None) -> Provider:
    return get_provider(name, brain=heuristic_judge)


def _verdict(reply: str) -> str | None:
    found = re.findall(r"\b([AB])\b", reply.strip().upper())
    return found[0] if found else None


@dataclass(frozen=True)
class Judgement:
    pair: Pair
    first: str | None  # the judge's letter with chosen shown as A
    second: str | None  # … with chosen shown as B

    @property
    def outcome(self) -> str:
        prefers_chosen = (self.first == "A", self.second == "B")
        if all(prefers_chosen):
            return "agrees"
        if self.first == "B" and self.second == "A":
            return "disagrees"
        return "inconsistent"


def judge(provider: Provider, pair: Pair) -> Judgement:
    letters = []
    for a, b in ((pair.chosen, pair.rejected), (pair.rejected, pair.chosen)):
        prompt = JUDGE_PROMPT.format(prompt=pair.prompt, a=a, b=b)
        letters.append(_verdict(provider.complete([system(JUDGE_SYSTEM), user(prompt)], max_tokens=5)))
    return Judgement(pair, letters[0], letters[1])


def audit(provider: Provider, pairs: Iterable[Pair]) -> list[Judgement]:
    return [judge(provider, pair) for pair in pairs]


def summary(judgements: list[Judgement]) -> list[str]:
    outcomes = [j.outcome for j in judgements]
    counts = {kind: outcomes.count(kind) for kind in ("agrees", "disagrees", "inconsistent")}
    total = len(judgements) or 1
    lines = [f"{len(judgements)} pairs judged in both orders: agrees {counts['agrees']} "
             f"({100 * counts['agrees'] / total:.0f}%), disagrees {counts['disagrees']}, "
             f"inconsistent (position bias) {counts['inconsistent']}"]
    for j in judgements:
        if j.outcome != "agrees":
            lines.append(f"  line {j.pair.line} {j.outcome}: {j.pair.prompt}")
    return lines
