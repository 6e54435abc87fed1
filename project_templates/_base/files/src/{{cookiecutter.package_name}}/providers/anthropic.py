"""Anthropic messages (optional extra: pip install -e '.[anthropic]').

Anthropic has no embeddings endpoint, so `embed` uses the local hash embeddings of the fake
provider: retrieval stays offline and deterministic while answers come from Claude.
"""

from __future__ import annotations

import os

from .base import Message, ProviderError, as_dicts, require_env, require_sdk
from .fake import hash_embedding


class AnthropicProvider:
    name = "anthropic"

    def __init__(self, model: str | None = None) -> None:
        sdk = require_sdk("anthropic", "anthropic")
        require_env("ANTHROPIC_API_KEY", "anthropic")
        self.client = sdk.Anthropic()
        self.model = model or os.environ.get("LLM_MODEL") or "claude-3-5-haiku-latest"

    def complete(self, messages: list[Message], *, temperature: float = 0.0,
                 max_tokens: int = 512) -> str:
        system_prompt = "\n\n".join(m.content for m in messages if m.role == "system")
        chat = as_dicts([m for m in messages if m.role != "system"])
        try:
            response = self.client.messages.create(
                model=self.model, system=system_prompt, messages=chat, temperature=temperature,
                max_tokens=max_tokens,
            )
        except Exception as exc:  # the SDK's errors have no common base we can import lazily
            raise ProviderError(f"anthropic: {exc}") from exc
        return "".join(block.text for block in response.content if block.type == "text")

    def embed(self, texts: list[str]) -> list[list[float]]:
        return [hash_embedding(text) for text in texts]
