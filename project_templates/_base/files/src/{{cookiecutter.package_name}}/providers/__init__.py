"""LLM providers behind one small interface: `complete(messages)` and `embed(texts)`.

`fake` runs offline and deterministically (the tests use it); `openai`, `anthropic` and `ollama`
are optional extras whose SDKs are imported only when chosen. Pick one with LLM_PROVIDER.
"""

from __future__ import annotations

import os

from .base import Message, Provider, ProviderError, reply_json, system, user
from .fake import FakeProvider, hash_embedding, tokens

DEFAULT_PROVIDER = "{{ cookiecutter.provider }}"
PROVIDERS = ("fake", "openai", "anthropic", "ollama")

__all__ = ["DEFAULT_PROVIDER", "PROVIDERS", "FakeProvider", "Message", "Provider", "ProviderError",
           "get_provider", "hash_embedding", "reply_json", "system", "tokens", "user"]


def get_provider(name: str | None = None, *, model: str | None = None, **fake_options) -> Provider:
    """The provider called `name` (default: $LLM_PROVIDER, else this project's default).

    `model` overrides $LLM_MODEL for a real provider. `fake_options` (brain=, replies=) shape
    the offline fake and are ignored by real providers.
    """
    name = (name or os.environ.get("LLM_PROVIDER") or DEFAULT_PROVIDER).strip().lower()
    if name == "fake":
        return FakeProvider(**fake_options)
    if name == "openai":
        from .openai import OpenAIProvider

        return OpenAIProvider(model)
    if name == "anthropic":
        from .anthropic import AnthropicProvider

        return AnthropicProvider(model)
    if name == "ollama":
        from .ollama import OllamaProvider

        return OllamaProvider(model)
    raise ProviderError(f"unknown provider '{name}': choose one of {', '.join(PROVIDERS)}")
