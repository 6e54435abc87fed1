"""Against a local Ollama server: runs only when one answers on localhost:11434 (skips otherwise).

    ollama pull llama3.2 && ollama pull nomic-embed-text && python -m pytest tests/test_ollama.py
"""

from __future__ import annotations

import os

import pytest

from {{ cookiecutter.package_name }}.index import Index
from {{ cookiecutter.package_name }}.providers import get_provider
from {{ cookiecutter.package_name }}.rag import RagPipeline

# `ollama_server` (tests/conftest.py) skips unless a server answers at $OLLAMA_HOST (default
# localhost:11434) and the ollama SDK is installed.
pytestmark = pytest.mark.ollama


def test_a_local_model_answers_with_citations(ollama_server, tmp_path, monkeypatch):
    monkeypatch.setenv("OLLAMA_HOST", os.environ.get("OLLAMA_HOST") or "http://localhost:11434")
    rag = RagPipeline(Index(tmp_path, get_provider("ollama")))
    rag.ingest()
    answer = rag.ask("What is the daily meal allowance on business trips?")
    assert answer.answered and "45" in answer.text
    assert any(c.page == 5 for c in answer.citations)
