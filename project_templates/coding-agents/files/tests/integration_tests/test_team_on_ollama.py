"""The team against a local Ollama server; runs when one answers on $OLLAMA_HOST (default
localhost:11434) and the `ollama` extra is installed, skips otherwise:

    pip install -e '.[ollama]' && ollama pull llama3.2 && python -m pytest -m ollama
"""

from __future__ import annotations

import os

import pytest

from {{ cookiecutter.package_name }}.approval import reject_all
from {{ cookiecutter.package_name }}.chat import ChatProvider, chat_model
from {{ cookiecutter.package_name }}.orchestrator import Team
from {{ cookiecutter.package_name }}.sandbox import SubprocessSandbox

pytestmark = pytest.mark.ollama


def test_a_local_model_plans_codes_and_tests_in_the_sandbox(ollama_server, monkeypatch, tmp_path):
    pytest.importorskip("langchain_ollama", reason="pip install -e '.[ollama]'")
    host, models = ollama_server
    if not (os.environ.get("LLM_MODEL") or models):
        pytest.skip("the Ollama server has no model: ollama pull llama3.2")
    model = os.environ.get("LLM_MODEL") or models[0]
    monkeypatch.setenv("OLLAMA_HOST", host)
    provider = ChatProvider(chat_model("ollama", model=model))
    team = Team(provider, SubprocessSandbox(timeout=120), reject_all, 2)
    outcome = team.build("add a function add(a, b) in calc.py that returns the sum, with tests", tmp_path)
    # a small local model may not finish within the budget; whatever it did, nothing is applied unasked
    assert outcome.plan is not None and outcome.status in ("rejected", "failed")
    assert not (tmp_path / "calc.py").exists()
