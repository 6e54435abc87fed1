"""What answers a prompt: the provider layer, plus the offline stand-ins and the local fine-tuned model.

    fake        (default, offline) stands in for the fine-tuned model, and says so: it is a lookup of
                the training examples — a model that memorised its training set. It answers a prompt
                close to a training ticket or question with that example's output and refuses
                (CannotAnswer) anything else. Enough to run the API and the evaluation end to end
                without a GPU; it learns nothing.
    fake-base   stands in for the base model before fine-tuning: it knows nothing of the domain.
    local       the base model plus your LoRA adapter (build/adapter), on transformers (the `train`
                extra) or vLLM (the `vllm` extra): LOCAL_ENGINE, see local_model.py.
    local-base  the same base model without the adapter: the honest "before" of a real run.
    openai, anthropic, ollama: general models to compare against (extras; keys from the environment).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

from .curate import Example, curate
from .providers import (
    DEFAULT_PROVIDER,
    FakeProvider,
    Message,
    Provider,
    ProviderError,
    get_provider,
    system,
    tokens,
    user,
)
from .recipe import load_recipe
from .tuning import records

CHOICES = ("fake", "fake-base", "local", "local-base", "openai", "anthropic", "ollama")


class CannotAnswer(ProviderError):
    """The offline stand-in does not know this prompt: it refuses rather than answer another one."""


@dataclass(frozen=True)
class Match:
    example: Example
    similarity: float


class Memorized:
    """The `fake` provider's brain: a lookup of the training examples, not a trained model.

    It answers a prompt only when one training example's ticket or question is close to it (the
    cosine of IDF-weighted content words, at least `threshold`), with that example's output: a
    model that memorised its training set. Anything else raises CannotAnswer, naming the closest
    example, so "What is the capital of France?" gets a refusal and never a ticket label. A prompt
    that starts with a training instruction ("Classify this support ticket…") is matched only
    against the examples of that instruction.
    """

    threshold = 0.6

    def __init__(self, examples: list[Example], threshold: float | None = None):
        if threshold is not None:
            self.threshold = threshold
        self.examples = [(records.normalize(ex.instruction), set(tokens(ex.input or ex.instruction)), ex)
                         for ex in examples]
        counts: dict[str, int] = {}
        for _, words, _ in self.examples:
            for word in words:
                counts[word] = counts.get(word, 0) + 1
        self.unseen = math.log(1 + len(self.examples)) + 1  # the weight of a word no example has
        self.idf = {word: math.log((1 + len(self.examples)) / (1 + n)) + 1 for word, n in counts.items()}

    def _norm(self, words: set[str]) -> float:
        return math.sqrt(sum(self.idf.get(word, self.unseen) ** 2 for word in words)) or 1.0

    def closest(self, prompt: str) -> Match | None:
        head, _, rest = prompt.strip().partition("\n\n")
        instruction = records.normalize(head)
        candidates = [item for item in self.examples if rest and item[0] == instruction]
        if not candidates:
            candidates, rest = self.examples, prompt
        asked = set(tokens(rest))
        if not asked or not candidates:
            return None

        def similarity(item: tuple[str, set[str], Example]) -> float:
            shared = sum(self.idf[word] ** 2 for word in asked & item[1])
            return shared / (self._norm(asked) * self._norm(item[1]))

        best = max(candidates, key=similarity)
        return Match(best[2], similarity(best))

    def __call__(self, messages: list[Message]) -> str:
        prompt = next((m.content for m in reversed(messages) if m.role == "user"), "")
        match = self.closest(prompt)
        if match is None or match.similarity < self.threshold:
            nearest = "the prompt has no content words"
            if match:
                nearest = (f"the closest, training line {match.example.line}, has similarity "
                           f"{match.similarity:.2f} < {self.threshold:.2f}")
            raise CannotAnswer(
                "the offline stand-in cannot answer this: it is a lookup of the "
                f"{len(self.examples)} training examples, not a trained model, and none matches this prompt "
                f"({nearest}). Train one (`train`, then --provider local) or ask a real model "
                "(--provider openai, anthropic or ollama)")
        return match.example.output


def knows_nothing(messages: list[Message]) -> str:
    """The `fake-base` brain: the base model before fine-tuning, offline, knows nothing of the domain."""
    raise CannotAnswer("the offline stand-in for the base model (fake-base) knows nothing of this domain and "
                       "answers nothing; compare against a real base model with --provider local-base")


def stand_in_note(provider: Provider, prompt: str) -> str | None:
    """What the offline stand-in did to answer `prompt`, in words; None for a real model."""
    brain = getattr(provider, "brain", None)
    match = brain.closest(prompt) if isinstance(brain, Memorized) else None
    if match is not None:
        return (f"offline stand-in, not a trained model: the output of training example line "
                f"{match.example.line} (similarity {match.similarity:.2f})")
    return None


def default_name() -> str:
    return (os.environ.get("LLM_PROVIDER") or DEFAULT_PROVIDER).strip().lower()


def get_generator(name: str | None = None, *, adapter_dir: str | None = None,
                  train: list[Example] | None = None) -> Provider:
    name = (name or default_name()).strip().lower()
    if name == "fake":
        return FakeProvider(brain=Memorized(train if train is not None else curate(load_recipe().data).train))
    if name == "fake-base":
        return FakeProvider(brain=knows_nothing)
    if name in ("local", "local-base"):
        from .local_model import load_local

        directory = adapter_dir or os.environ.get("ADAPTER_DIR") or load_recipe().training.output_dir
        return load_local(directory, use_adapter=name == "local")
    return get_provider(name)


def prompt_messages(prompt: str, system_prompt: str) -> list[Message]:
    """The same system prompt the model was trained with, then the user's prompt."""
    return [system(system_prompt), user(prompt)]
