"""Unit tests run offline on the fake provider; `integration` tests need a real provider.

Run the integration tests with, for example:
    LLM_PROVIDER=openai OPENAI_API_KEY=... python -m pytest -m integration
"""

from __future__ import annotations

import importlib.util
import os

import pytest

KEYS = {"openai": "OPENAI_API_KEY", "anthropic": "ANTHROPIC_API_KEY", "ollama": "OLLAMA_HOST"}


def _why_not_integration() -> str | None:
    provider = os.environ.get("LLM_PROVIDER", "fake")
    if provider not in KEYS:
        return "set LLM_PROVIDER to openai, anthropic or ollama (and its key) to run it"
    if importlib.util.find_spec(provider) is None:
        return f"the {provider} SDK is not installed: pip install -e '.[{provider}]'"
    if not os.environ.get(KEYS[provider]):
        return f"{KEYS[provider]} is not set"
    return None


def pytest_collection_modifyitems(config, items):
    reason = _why_not_integration()
    if reason:
        for item in items:
            if "integration" in item.keywords:
                item.add_marker(pytest.mark.skip(reason=f"integration test: {reason}"))


@pytest.fixture(autouse=True)
def offline_provider(request, monkeypatch):
    """Unit tests always use the fake provider, whatever the shell or .env says."""
    if "integration" not in request.keywords:
        monkeypatch.setenv("LLM_PROVIDER", "fake")
