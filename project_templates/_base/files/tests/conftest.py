"""Unit tests run offline on the fake provider; `integration` tests need a real provider.

Run the integration tests with, for example:
    LLM_PROVIDER=openai OPENAI_API_KEY=... python -m pytest -m integration
    LLM_PROVIDER=ollama python -m pytest -m "integration or ollama"   # with `ollama serve` running
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import urllib.request

import pytest

KEYS = {"openai": "OPENAI_API_KEY", "anthropic": "ANTHROPIC_API_KEY"}


def ollama_host() -> str:
    host = (os.environ.get("OLLAMA_HOST") or "localhost:11434").rstrip("/")
    return host if "://" in host else f"http://{host}"


def ollama_models() -> list[str] | None:
    """The models a local Ollama server has pulled, or None when no server answers."""
    try:
        with urllib.request.urlopen(f"{ollama_host()}/api/tags", timeout=2) as response:
            return [model["name"] for model in json.load(response).get("models", [])]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _tagged(model: str) -> str:
    return model if ":" in model else f"{model}:latest"


def _why_not_integration() -> str | None:
    provider = os.environ.get("LLM_PROVIDER", "fake")
    if provider not in (*KEYS, "ollama"):
        return "set LLM_PROVIDER to openai, anthropic or ollama (and its key) to run it"
    if importlib.util.find_spec(provider) is None:
        return f"the {provider} SDK is not installed: pip install -e '.[{provider}]'"
    if provider == "ollama":
        models = ollama_models()
        if models is None:
            return f"no Ollama server answers at {ollama_host()}"
        wanted = os.environ.get("LLM_MODEL") or "llama3.2"
        if _tagged(wanted) not in {_tagged(m) for m in models}:
            return f"the Ollama server has no model {wanted}: ollama pull {wanted} (or set LLM_MODEL)"
        return None
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


@pytest.fixture(scope="session")
def ollama_server() -> tuple[str, list[str]]:
    """The local Ollama server's address and pulled models; skips the test when none answers or
    the `ollama` SDK is not installed."""
    if importlib.util.find_spec("ollama") is None:
        pytest.skip("the ollama SDK is not installed: pip install -e '.[ollama]'")
    models = ollama_models()
    if models is None:
        pytest.skip(f"no Ollama server answers at {ollama_host()} (run `ollama serve`)")
    return ollama_host(), models


@pytest.fixture
def run_into_closed_pipe():
    """Run the project's command line with stdout going into a pipe that nobody reads any more:
    what `{{ cookiecutter.project_slug }} … | head` becomes once head has read its ten lines."""

    def run(*args: str) -> subprocess.CompletedProcess:
        read_end, write_end = os.pipe()
        os.close(read_end)  # closed before the command writes, so its first write must fail
        code = ("import sys\n"
                "from {{ cookiecutter.package_name }}.cli import main\n"
                "sys.exit(main(sys.argv[1:]))")
        try:
            return subprocess.run([sys.executable, "-c", code, *args], stdout=write_end,
                                  stderr=subprocess.PIPE, text=True, timeout=300)
        finally:
            os.close(write_end)

    return run
