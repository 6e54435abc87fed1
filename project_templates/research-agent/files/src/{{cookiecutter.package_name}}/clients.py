"""The AutoGen model client of each provider.

`fake` (the default offline choice) is `OfflineChatCompletionClient`, a rule-based stand-in that
says what it is; `openai`, `anthropic` and `ollama` are autogen-ext's own clients, optional extras
imported only when chosen (pip install -e '.[openai]' and so on).
"""

from __future__ import annotations

import importlib
import os
from typing import Any

from .providers import DEFAULT_PROVIDER, PROVIDERS, ProviderError
from .providers.base import require_env

DEFAULT_MODELS = {"openai": "gpt-4o-mini", "anthropic": "claude-3-5-haiku-latest", "ollama": "llama3.2"}
CLIENTS = {"openai": ("autogen_ext.models.openai", "OpenAIChatCompletionClient"),
           "anthropic": ("autogen_ext.models.anthropic", "AnthropicChatCompletionClient"),
           "ollama": ("autogen_ext.models.ollama", "OllamaChatCompletionClient")}


def provider_name(name: str | None = None) -> str:
    return (name or os.environ.get("LLM_PROVIDER") or DEFAULT_PROVIDER).strip().lower()


def model_client(name: str | None = None, *, model: str | None = None) -> Any:
    """The ChatCompletionClient of provider `name` (default: $LLM_PROVIDER, else this project's)."""
    name = provider_name(name)
    if name == "fake":
        from .offline_client import OfflineChatCompletionClient

        return OfflineChatCompletionClient()
    if name not in PROVIDERS:
        raise ProviderError(f"unknown provider '{name}': choose one of {', '.join(PROVIDERS)}")
    module, cls = CLIENTS[name]
    try:
        client = getattr(importlib.import_module(module), cls)
    except ImportError:
        raise ProviderError(f"the {name} provider needs 'autogen-ext[{name}]': "
                            f"pip install -e '.[{name}]'") from None
    model = model or os.environ.get("LLM_MODEL") or DEFAULT_MODELS[name]
    if name == "openai":
        require_env("OPENAI_API_KEY", "openai")
        return client(model=model, temperature=0)
    if name == "anthropic":
        require_env("ANTHROPIC_API_KEY", "anthropic")
        return client(model=model, temperature=0)
    host = os.environ.get("OLLAMA_HOST") or "http://localhost:11434"
    return client(model=model, host=host, model_info={"vision": False, "function_calling": True,
                                                      "json_output": True, "family": "unknown",
                                                      "structured_output": True})


def is_offline(client: Any) -> bool:
    from .offline_client import OfflineChatCompletionClient

    return isinstance(client, OfflineChatCompletionClient)
