"""Against a local Ollama server: runs only when one answers on localhost:11434 (skips otherwise).

    ollama pull llama3.2 && ollama pull nomic-embed-text && python -m pytest tests/test_ollama.py
"""

from __future__ import annotations

import os
import socket

import pytest

from {{ cookiecutter.package_name }}.index import Index
from {{ cookiecutter.package_name }}.providers import get_provider
from {{ cookiecutter.package_name }}.rag import RagPipeline


def _ollama_answers() -> bool:
    try:
        with socket.create_connection(("localhost", 11434), timeout=0.5):
            return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not _ollama_answers(), reason="no Ollama server on localhost:11434")


def test_a_local_model_answers_with_citations(tmp_path, monkeypatch):
    pytest.importorskip("ollama", reason="pip install -e '.[ollama]'")
    monkeypatch.setenv("OLLAMA_HOST", os.environ.get("OLLAMA_HOST") or "http://localhost:11434")
    rag = RagPipeline(Index(tmp_path, get_provider("ollama")))
    rag.ingest()
    answer = rag.ask("What is the daily meal allowance on business trips?")
    assert answer.answered and "45" in answer.text
    assert any(c.page == 5 for c in answer.citations)
