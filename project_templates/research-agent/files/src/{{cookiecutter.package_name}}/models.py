"""The chat model of each provider, as a LangChain `BaseChatModel`.

`fake` (the default offline choice) is `OfflineResearchModel`, a rule-based stand-in that says
what it is; `openai`, `anthropic` and `ollama` are LangChain's own chat models, optional extras
imported only when chosen (pip install -e '.[openai]' and so on).
"""

from __future__ import annotations

import importlib
import os

from langchain_core.language_models import BaseChatModel

from .providers import DEFAULT_PROVIDER, PROVIDERS, ProviderError
from .providers.base import require_env

DEFAULT_MODELS = {"openai": "gpt-4o-mini", "anthropic": "claude-3-5-haiku-latest", "ollama": "llama3.2"}


def _load(module: str, cls: str, extra: str):
    try:
        return getattr(importlib.import_module(module), cls)
    except ImportError:
        package = module.replace("_", "-")
        raise ProviderError(f"the {extra} provider needs the '{package}' package: "
                            f"pip install -e '.[{extra}]'") from None


def provider_name(name: str | None = None) -> str:
    return (name or os.environ.get("LLM_PROVIDER") or DEFAULT_PROVIDER).strip().lower()


def chat_model(name: str | None = None, *, model: str | None = None) -> BaseChatModel:
    """The chat model of provider `name` (default: $LLM_PROVIDER, else this project's default)."""
    name = provider_name(name)
    if name == "fake":
        from .offline_model import OfflineResearchModel

        return OfflineResearchModel()
    if name not in PROVIDERS:
        raise ProviderError(f"unknown provider '{name}': choose one of {', '.join(PROVIDERS)}")
    model = model or os.environ.get("LLM_MODEL") or DEFAULT_MODELS[name]
    if name == "openai":
        chat = _load("langchain_openai", "ChatOpenAI", "openai")
        require_env("OPENAI_API_KEY", "openai")
        return chat(model=model, temperature=0)
    if name == "anthropic":
        chat = _load("langchain_anthropic", "ChatAnthropic", "anthropic")
        require_env("ANTHROPIC_API_KEY", "anthropic")
        return chat(model=model, temperature=0, max_tokens=2048)
    chat = _load("langchain_ollama", "ChatOllama", "ollama")
    return chat(model=model, temperature=0, base_url=os.environ.get("OLLAMA_HOST") or "http://localhost:11434")


def is_offline(model: BaseChatModel) -> bool:
    from .offline_model import OfflineResearchModel

    return isinstance(model, OfflineResearchModel)
