"""What answers a prompt: the provider layer, plus the offline stand-ins and the local fine-tuned model.

    fake        (default, offline) stands in for the fine-tuned model: it answers with the output of
                the most similar training example — a model that memorised its training set. Enough
                to run the API and the evaluation end to end without a GPU.
    fake-base   stands in for the base model before fine-tuning: it knows nothing of the domain.
    local       the base model plus your LoRA adapter (build/adapter), with the `train` extra.
    local-base  the same base model without the adapter: the honest "before" of a real run.
    openai, anthropic, ollama: general models to compare against (extras; keys from the environment).
"""

from __future__ import annotations

import math
import os

from .curate import Example, curate
from .providers import DEFAULT_PROVIDER, FakeProvider, Message, Provider, get_provider, system, tokens, user
from .recipe import load_recipe

CHOICES = ("fake", "fake-base", "local", "local-base", "openai", "anthropic", "ollama")


class Memorized:
    """The `fake` provider's brain: the output of the training example closest to the prompt.

    Closeness is the cosine of IDF-weighted word sets, so words every example shares (the task's
    instruction) count for little and the words of the ticket or question decide.
    """

    def __init__(self, examples: list[Example]):
        self.examples = [(set(tokens(example.user)), example.output) for example in examples]
        counts: dict[str, int] = {}
        for words, _ in self.examples:
            for word in words:
                counts[word] = counts.get(word, 0) + 1
        self.idf = {word: math.log((1 + len(self.examples)) / (1 + n)) + 1 for word, n in counts.items()}

    def _weight(self, words: set[str]) -> float:
        return math.sqrt(sum(self.idf.get(word, 1.0) ** 2 for word in words)) or 1.0

    def __call__(self, messages: list[Message]) -> str:
        asked = set(tokens(next((m.content for m in reversed(messages) if m.role == "user"), "")))

        def similarity(item: tuple[set[str], str]) -> float:
            shared = sum(self.idf[word] ** 2 for word in asked & item[0])
            return shared / (self._weight(asked) * self._weight(item[0]))

        return max(self.examples, key=similarity)[1]


def default_name() -> str:
    return (os.environ.get("LLM_PROVIDER") or DEFAULT_PROVIDER).strip().lower()


def get_generator(name: str | None = None, *, adapter_dir: str | None = None,
                  train: list[Example] | None = None) -> Provider:
    name = (name or default_name()).strip().lower()
    if name == "fake":
        return FakeProvider(brain=Memorized(train if train is not None else curate(load_recipe().data).train))
    if name == "fake-base":
        return FakeProvider()
    if name in ("local", "local-base"):
        from .local_model import LocalModel

        directory = adapter_dir or os.environ.get("ADAPTER_DIR") or load_recipe().training.output_dir
        return LocalModel(directory, use_adapter=name == "local")
    return get_provider(name)


def prompt_messages(prompt: str, system_prompt: str) -> list[Message]:
    """The same system prompt the model was trained with, then the user's prompt."""
    return [system(system_prompt), user(prompt)]
