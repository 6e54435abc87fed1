"""The agents' chat model: a LangChain `BaseChatModel`, behind the small `complete()` interface.

- `chat_model(name)` is the chat model of a provider: `fake` is `OfflineChatModel`, the scripted
  offline team of offline.py wrapped as a LangChain chat model (it says so); `openai`,
  `anthropic` and `ollama` are LangChain's own chat models, optional extras imported when chosen.
- `ChatProvider` lets the agents call any chat model — including LangChain's FakeListChatModel in
  the tests — with `complete(messages)`, and keeps the calls for inspection.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_core.outputs import ChatGeneration, ChatResult

from .offline import DESCRIPTION as OFFLINE_NAME
from .offline import offline_brain
from .providers import DEFAULT_PROVIDER, PROVIDERS, Message, ProviderError
from .providers.base import require_env

DEFAULT_MODELS = {"openai": "gpt-4o-mini", "anthropic": "claude-3-5-haiku-latest", "ollama": "llama3.2"}


def to_langchain(messages: list[Message]) -> list[BaseMessage]:
    kinds = {"system": SystemMessage, "user": HumanMessage, "assistant": AIMessage}
    return [kinds[m.role](content=m.content) for m in messages]


def from_langchain(messages: list[BaseMessage]) -> list[Message]:
    roles = {"system": "system", "human": "user", "ai": "assistant"}
    return [Message(roles.get(m.type, "user"), m.content if isinstance(m.content, str) else str(m.content))
            for m in messages]


class OfflineChatModel(BaseChatModel):
    """The offline team (offline.py) as a LangChain chat model: no network, no key."""

    @property
    def _llm_type(self) -> str:
        return "offline-coding-team"

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager: Any = None,
                  **kwargs: Any) -> ChatResult:
        reply = offline_brain(from_langchain(messages))
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=reply))])


class ChatProvider:
    """`complete(messages) -> str` over a LangChain chat model."""

    def __init__(self, model: BaseChatModel, name: str | None = None):
        self.model = model
        self.name = name or ("fake" if isinstance(model, OfflineChatModel) else type(model).__name__)
        self.calls: list[list[Message]] = []

    def complete(self, messages: list[Message], *, temperature: float = 0.0, max_tokens: int = 512) -> str:
        self.calls.append(list(messages))
        try:
            reply = self.model.invoke(to_langchain(messages))
        except Exception as exc:  # connection refused, rate limit, model not pulled: one clear line
            raise ProviderError(f"{self.name}: {exc}") from exc
        return reply.content if isinstance(reply.content, str) else str(reply.content)

    def embed(self, texts: list[str]) -> list[list[float]]:
        from .providers import hash_embedding

        return [hash_embedding(text) for text in texts]

    def describe(self) -> str:
        return OFFLINE_NAME if isinstance(self.model, OfflineChatModel) else f"{self.name}"


def _load(module: str, cls: str, extra: str):
    try:
        return getattr(importlib.import_module(module), cls)
    except ImportError:
        raise ProviderError(f"the {extra} provider needs the '{module.replace('_', '-')}' package: "
                            f"pip install -e '.[{extra}]'") from None


def chat_model(name: str | None = None, *, model: str | None = None) -> BaseChatModel:
    """The chat model of provider `name` (default: $LLM_PROVIDER, else this project's default)."""
    name = (name or os.environ.get("LLM_PROVIDER") or DEFAULT_PROVIDER).strip().lower()
    if name == "fake":
        return OfflineChatModel()
    if name not in PROVIDERS:
        raise ProviderError(f"unknown provider '{name}': choose one of {', '.join(PROVIDERS)}")
    model = model or os.environ.get("LLM_MODEL") or DEFAULT_MODELS[name]
    if name == "openai":
        chat = _load("langchain_openai", "ChatOpenAI", "openai")
        require_env("OPENAI_API_KEY", "openai")
        return chat(model=model, temperature=0, max_tokens=4000)
    if name == "anthropic":
        chat = _load("langchain_anthropic", "ChatAnthropic", "anthropic")
        require_env("ANTHROPIC_API_KEY", "anthropic")
        return chat(model=model, temperature=0, max_tokens=4000)
    chat = _load("langchain_ollama", "ChatOllama", "ollama")
    return chat(model=model, temperature=0, base_url=os.environ.get("OLLAMA_HOST") or "http://localhost:11434")
