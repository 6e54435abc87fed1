"""A local Ollama server (optional extra: pip install -e '.[ollama]'; run `ollama serve`)."""

from __future__ import annotations

import os

from .base import Message, ProviderError, as_dicts, require_sdk


class OllamaProvider:
    name = "ollama"

    def __init__(self, model: str | None = None) -> None:
        sdk = require_sdk("ollama", "ollama")
        self.client = sdk.Client(host=os.environ.get("OLLAMA_HOST") or "http://localhost:11434")
        self.model = model or os.environ.get("LLM_MODEL") or "llama3.2"
        self.embedding_model = os.environ.get("EMBEDDING_MODEL") or "nomic-embed-text"

    def complete(self, messages: list[Message], *, temperature: float = 0.0,
                 max_tokens: int = 512) -> str:
        try:
            response = self.client.chat(
                model=self.model, messages=as_dicts(messages),
                options={"temperature": temperature, "num_predict": max_tokens},
            )
        except Exception as exc:  # connection refused, model not pulled, …
            raise ProviderError(_explain(exc, self.model)) from exc
        return response["message"]["content"]

    def embed(self, texts: list[str]) -> list[list[float]]:
        try:
            response = self.client.embed(model=self.embedding_model, input=texts)
        except Exception as exc:
            raise ProviderError(_explain(exc, self.embedding_model, "ollama embeddings")) from exc
        return [list(vector) for vector in response["embeddings"]]


def _explain(exc: Exception, model: str, what: str = "ollama") -> str:
    """The error with what to do: pull the model, or start the server."""
    if "not found" in str(exc):
        return f"{what}: model '{model}' is not pulled: ollama pull {model} (or set LLM_MODEL)"
    host = os.environ.get("OLLAMA_HOST") or "localhost:11434"
    return f"{what}: {exc} (is `ollama serve` running at {host}?)"
