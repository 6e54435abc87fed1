"""Against a local Ollama server: runs only when one answers on localhost:11434 (skips otherwise).

    ollama pull llama3.2 && ollama pull nomic-embed-text && python -m pytest tests/test_ollama.py
"""

from __future__ import annotations

import pytest

from {{ cookiecutter.package_name }}.assistant import Assistant
from {{ cookiecutter.package_name }}.memory import MemoryBank
from {{ cookiecutter.package_name }}.providers import get_provider
from {{ cookiecutter.package_name }}.store import open_store

# `ollama_server` (tests/conftest.py) skips unless a server answers at $OLLAMA_HOST (default
# localhost:11434) and the ollama SDK is installed.
pytestmark = pytest.mark.ollama


def test_a_local_model_remembers_across_sessions(ollama_server, tmp_path):
    store = open_store(tmp_path)
    bank = MemoryBank(store, get_provider("ollama"))
    Assistant(bank, "alice").reply("My name is Alice and I live in Lisbon.")
    reply = Assistant(bank, "alice").reply("Which city do I live in?")
    assert "Lisbon" in reply.answer
    store.close()
