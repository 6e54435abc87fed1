"""Against a local Ollama server: runs only when one answers on localhost:11434 (skips otherwise).

    ollama pull llama3.2 && ollama pull nomic-embed-text && python -m pytest tests/test_ollama.py
"""

from __future__ import annotations

import pytest

from {{ cookiecutter.package_name }}.providers import get_provider
from {{ cookiecutter.package_name }}.rag import RagPipeline

# `ollama_server` (tests/conftest.py) skips unless a server answers at $OLLAMA_HOST (default
# localhost:11434) and the ollama SDK is installed.
pytestmark = pytest.mark.ollama


def test_a_local_model_answers_from_the_retrieved_passages(ollama_server):
    pipeline = RagPipeline(provider=get_provider("ollama"))
    answer = pipeline.ask("What does error E-104 mean?", "hybrid+rerank", 4)
    assert any(h.passage.doc == "troubleshooting.md" for h in answer.hits) and answer.text.strip()
