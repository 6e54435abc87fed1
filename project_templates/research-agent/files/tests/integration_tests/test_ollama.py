"""The graph against a local Ollama server; runs only when one answers (`ollama serve`, `ollama pull`):

    pip install -e '.[ollama]' && python -m pytest tests/integration_tests
"""

from __future__ import annotations

import importlib.util
import os
import urllib.request

import pytest

{% if cookiecutter.framework == "autogen" -%}
from {{ cookiecutter.package_name }}.clients import model_client
from {{ cookiecutter.package_name }}.configuration import Configuration
from {{ cookiecutter.package_name }}.search import OfflineSearch
from {{ cookiecutter.package_name }}.team import research
{%- else -%}
from {{ cookiecutter.package_name }}.graph import build_graph, research
from {{ cookiecutter.package_name }}.models import chat_model
from {{ cookiecutter.package_name }}.search import OfflineSearch
{%- endif %}

HOST = os.environ.get("OLLAMA_HOST") or "http://localhost:11434"


def ollama_answers() -> bool:
    try:
        with urllib.request.urlopen(f"{HOST}/api/tags", timeout=1) as response:  # a local server only
            return response.status == 200
    except OSError:
        return False


pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("{{ 'ollama' if cookiecutter.framework == 'autogen' else 'langchain_ollama' }}") is None
    or not ollama_answers(), reason=f"needs pip install -e '.[ollama]' and Ollama at {HOST}")


def test_a_local_model_researches_the_offline_corpus():
    task = "Research the top 5 AI startups in 2025"
{%- if cookiecutter.framework == "autogen" %}
    report, _ = research(task, model_client("ollama"), OfflineSearch(), config=Configuration(max_steps=6))
{%- else %}
    graph = build_graph(chat_model("ollama"), OfflineSearch())
    report = research(task, graph, config={"configurable": {"max_steps": 6}})["report"]
{%- endif %}
    assert report.title and report.sources  # a small model may word things its own way; it must read sources
    read = {s.url for s in report.sources}
    assert all(set(f.sources) <= read for f in report.findings)
