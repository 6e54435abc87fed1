"""What every provider offers, and the one error they raise."""

from __future__ import annotations

import importlib
import json
import os
from dataclasses import dataclass
from types import ModuleType
from typing import Protocol


@dataclass(frozen=True)
class Message:
    role: str  # "system", "user" or "assistant"
    content: str


def system(content: str) -> Message:
    return Message("system", content)


def user(content: str) -> Message:
    return Message("user", content)


class ProviderError(RuntimeError):
    """The provider cannot be used: its SDK or key is missing, or the service failed."""


class Provider(Protocol):
    name: str

    def complete(self, messages: list[Message], *, temperature: float = 0.0,
                 max_tokens: int = 512) -> str: ...

    def embed(self, texts: list[str]) -> list[list[float]]: ...


def require_sdk(module: str, extra: str) -> ModuleType:
    """Import an optional SDK, or say exactly how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise ProviderError(
            f"the {extra} provider needs the '{module}' package: pip install -e '.[{extra}]'"
        ) from None


def require_env(variable: str, provider: str) -> str:
    value = os.environ.get(variable, "").strip()
    if not value:
        raise ProviderError(
            f"{variable} is not set: the {provider} provider reads it from the environment "
            "(copy .env.example to .env, or export it)"
        )
    return value


def as_dicts(messages: list[Message]) -> list[dict[str, str]]:
    return [{"role": m.role, "content": m.content} for m in messages]


def reply_json(reply: str) -> dict:
    """The JSON object in a model's reply, with or without a code fence or words around it.

    Raises ValueError, quoting the start of the reply, when it holds no JSON object.
    """
    start, end = reply.find("{"), reply.rfind("}")
    try:
        data = json.loads(reply[start:end + 1]) if 0 <= start < end else None
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise ValueError(f"expected a JSON object, got: {reply[:160]!r}")
    return data
