"""The ollama provider against a real local server: runs when Ollama answers on $OLLAMA_HOST
(default localhost:11434) and the `ollama` SDK is installed; skips otherwise.

    ollama serve & ollama pull llama3.2 && python -m pytest -m ollama

It uses $LLM_MODEL, else the first model the server has pulled.
"""

from __future__ import annotations

import os

import pytest

from {{ cookiecutter.package_name }}.providers import ProviderError, get_provider, system, user

pytestmark = pytest.mark.ollama


@pytest.fixture(scope="module")
def model(ollama_server) -> str:
    _, models = ollama_server
    wanted = os.environ.get("LLM_MODEL")
    if wanted:
        return wanted
    if not models:
        pytest.skip("the Ollama server has no model: ollama pull llama3.2")
    return models[0]


@pytest.fixture
def ollama(ollama_server, model, monkeypatch):
    monkeypatch.setenv("OLLAMA_HOST", ollama_server[0])
    return get_provider("ollama", model=model)


def test_ollama_completes_a_chat(ollama):
    reply = ollama.complete([system("You answer with one word."),
                             user("Reply with the single word: ready")], max_tokens=20)
    assert ollama.name == "ollama" and reply.strip()


def test_ollama_embeds_texts(ollama_server, ollama, model, monkeypatch):
    if not os.environ.get("EMBEDDING_MODEL") and "nomic-embed-text:latest" not in ollama_server[1]:
        monkeypatch.setattr(ollama, "embedding_model", model)  # any pulled model can embed
    vectors = ollama.embed(["reset a password", "shipping to Canada"])
    assert len(vectors) == 2 and len(vectors[0]) == len(vectors[1]) > 10


def test_a_model_that_is_not_pulled_says_how_to_pull_it(ollama):
    ollama.model = "no-such-model-for-this-test"
    with pytest.raises(ProviderError, match="ollama pull no-such-model-for-this-test"):
        ollama.complete([user("hi")])
