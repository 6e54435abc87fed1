"""The models being compared, named `provider:model` (e.g. `openai:gpt-4o-mini`).

Offline, `fake:<persona>` gives deterministic contestants with known strengths and flaws, so the
leaderboard means something before any key is set.
"""

from __future__ import annotations

from .providers import Message, Provider, ProviderError, get_provider
from .providers.fake import extractive_answer

FILLER = (" It is worth noting that this is an important topic with many aspects to consider,"
          " and experts discuss it at length in many articles and videos.")


def _terse(messages: list[Message]) -> str:
    return " ".join(extractive_answer(messages).split()[:6])


def _verbose(messages: list[Message]) -> str:
    return extractive_answer(messages) + FILLER


def _offtopic(messages: list[Message]) -> str:
    return "The weather should be sunny tomorrow, with light wind in the afternoon."


PERSONAS = {"grounded": extractive_answer, "terse": _terse, "verbose": _verbose, "offtopic": _offtopic}
DEFAULT_MODELS = [f"fake:{name}" for name in PERSONAS]


def load_model(spec: str) -> Provider:
    provider, _, model = spec.partition(":")
    if provider == "fake":
        if model not in PERSONAS:
            raise ProviderError(f"unknown fake model '{spec}': use one of "
                                + ", ".join(f"fake:{p}" for p in PERSONAS))
        return get_provider("fake", brain=PERSONAS[model])
    return get_provider(provider, model=model or None)
