"""The team against a local Ollama server; runs only when one answers (`ollama serve`, `ollama pull`):

    pip install -e '.[ollama]' && python -m pytest tests/integration_tests
"""

from __future__ import annotations

import importlib.util
import os
import urllib.request

import pytest

from {{ cookiecutter.package_name }}.approval import reject_all
from {{ cookiecutter.package_name }}.chat import ChatProvider, chat_model
from {{ cookiecutter.package_name }}.orchestrator import Team
from {{ cookiecutter.package_name }}.sandbox import SubprocessSandbox

HOST = os.environ.get("OLLAMA_HOST") or "http://localhost:11434"


def ollama_answers() -> bool:
    try:
        with urllib.request.urlopen(f"{HOST}/api/tags", timeout=1) as response:  # a local server only
            return response.status == 200
    except OSError:
        return False


pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("langchain_ollama") is None or not ollama_answers(),
    reason=f"needs langchain-ollama (pip install -e '.[ollama]') and Ollama at {HOST}")


def test_a_local_model_plans_codes_and_tests_in_the_sandbox(tmp_path):
    team = Team(ChatProvider(chat_model("ollama")), SubprocessSandbox(timeout=120), reject_all, 2)
    outcome = team.build("add a function add(a, b) in calc.py that returns the sum, with tests", tmp_path)
    # a small local model may not finish within the budget; it must have planned and run tests
    assert outcome.plan is not None and outcome.test_runs
    assert outcome.status in ("rejected", "failed") and not (tmp_path / "calc.py").exists()
