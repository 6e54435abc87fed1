"""OpenAI chat completions and embeddings (optional extra: pip install -e '.[openai]')."""

from __future__ import annotations

import os

from .base import Message, ProviderError, as_dicts, require_env, require_sdk


class OpenAIProvider:
    name = "openai"

    def __init__(self, model: str | None = None) -> None:
        sdk = require_sdk("openai", "openai")
        require_env("OPENAI_API_KEY", "openai")
        self.client = sdk.OpenAI()  # reads OPENAI_API_KEY (and OPENAI_BASE_URL) itself
        self.model = model or os.environ.get("LLM_MODEL") or "gpt-4o-mini"
        self.embedding_model = os.environ.get("EMBEDDING_MODEL") or "text-embedding-3-small"

    def complete(self, messages: list[Message], *, temperature: float = 0.0,
                 max_tokens: int = 512) -> str:
        try:
            response = self.client.chat.completions.create(
                model=self.model, messages=as_dicts(messages), temperature=temperature,
                max_tokens=max_tokens,
            )
        except Exception as exc:  # the SDK's errors have no common base we can import lazily
            raise ProviderError(f"openai: {exc}") from exc
        return response.choices[0].message.content or ""

    def embed(self, texts: list[str]) -> list[list[float]]:
        try:
            response = self.client.embeddings.create(model=self.embedding_model, input=texts)
        except Exception as exc:
            raise ProviderError(f"openai embeddings: {exc}") from exc
        return [item.embedding for item in response.data]
