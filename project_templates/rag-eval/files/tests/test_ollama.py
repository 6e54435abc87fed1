"""Against a local Ollama server: runs only when one answers on localhost:11434 (skips otherwise).

    ollama pull llama3.2 && ollama pull nomic-embed-text && python -m pytest tests/test_ollama.py
"""

from __future__ import annotations

import socket

import pytest

from {{ cookiecutter.package_name }}.providers import get_provider
from {{ cookiecutter.package_name }}.rag import RagPipeline


def _ollama_answers() -> bool:
    try:
        with socket.create_connection(("localhost", 11434), timeout=0.5):
            return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not _ollama_answers(), reason="no Ollama server on localhost:11434")


def test_a_local_model_answers_from_the_retrieved_passages():
    pytest.importorskip("ollama", reason="pip install -e '.[ollama]'")
    pipeline = RagPipeline(provider=get_provider("ollama"))
    answer = pipeline.ask("What does error E-104 mean?", "hybrid+rerank", 4)
    assert any(h.passage.doc == "troubleshooting.md" for h in answer.hits) and answer.text.strip()
