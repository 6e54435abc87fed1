"""A local embedding model, chosen with EMBEDDINGS=fastembed (extra: pip install -e '.[fastembed]').

By default the vectors come from the provider: hashed words offline, the provider's embedding
model with LLM_PROVIDER=openai or ollama. EMBEDDINGS=fastembed keeps the provider for answers
and embeds with a small local ONNX model through fastembed instead (EMBEDDING_MODEL, default
BAAI/bge-small-en-v1.5), downloaded once on first use — only when you choose it. The index
remembers which embedder built it and refuses to mix vectors of two.
"""

from __future__ import annotations

import os

from .providers import Message, Provider, ProviderError

DEFAULT_MODEL = "BAAI/bge-small-en-v1.5"
CHOICES = ("provider", "fastembed")


class FastEmbedProvider:
    """The chosen provider for `complete`, a fastembed model for `embed`."""

    def __init__(self, provider: Provider, model: str | None = None, backend=None):
        if backend is None:
            try:
                from fastembed import TextEmbedding
            except ImportError:
                raise ProviderError("EMBEDDINGS=fastembed needs the fastembed extra: "
                                    "pip install -e '.[fastembed]'") from None
            backend = TextEmbedding
        self.provider = provider
        self.name = provider.name  # the answering side is unchanged
        self.model_name = model or os.environ.get("EMBEDDING_MODEL") or DEFAULT_MODEL
        self.embedder = f"fastembed:{self.model_name}"
        self._backend, self._model = backend, None

    def complete(self, messages: list[Message], *, temperature: float = 0.0, max_tokens: int = 512) -> str:
        return self.provider.complete(messages, temperature=temperature, max_tokens=max_tokens)

    def embed(self, texts: list[str]) -> list[list[float]]:
        if self._model is None:  # loading (and the first download) waits until something is embedded
            self._model = self._backend(model_name=self.model_name)
        return [[float(x) for x in vector] for vector in self._model.embed(list(texts))]


def with_embeddings(provider: Provider, choice: str | None = None) -> Provider:
    """`provider`, or `provider` with a local embedding model when EMBEDDINGS says so."""
    choice = (choice or os.environ.get("EMBEDDINGS") or "provider").strip().lower()
    if choice == "provider":
        return provider
    if choice == "fastembed":
        return FastEmbedProvider(provider)
    raise ProviderError(f"unknown EMBEDDINGS '{choice}': choose one of {', '.join(CHOICES)}")
