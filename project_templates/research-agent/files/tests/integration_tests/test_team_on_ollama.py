"""The team against a local Ollama server; runs when one answers on $OLLAMA_HOST (default
localhost:11434) and the `ollama` extra is installed, skips otherwise:

    pip install -e '.[ollama]' && ollama pull llama3.2 && python -m pytest -m ollama
"""

from __future__ import annotations

import os

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

pytestmark = pytest.mark.ollama


def test_a_local_model_researches_the_offline_corpus(ollama_server, monkeypatch):
    host, models = ollama_server
    if not (os.environ.get("LLM_MODEL") or models):
        pytest.skip("the Ollama server has no model: ollama pull llama3.2")
    model = os.environ.get("LLM_MODEL") or models[0]
    monkeypatch.setenv("OLLAMA_HOST", host)
    task = "Research the top 5 AI startups in 2025"
{%- if cookiecutter.framework == "autogen" %}
    pytest.importorskip("autogen_ext.models.ollama", reason="pip install -e '.[ollama]'")
    report, _ = research(task, model_client("ollama", model=model), OfflineSearch(),
                         config=Configuration(max_steps=6))
{%- else %}
    pytest.importorskip("langchain_ollama", reason="pip install -e '.[ollama]'")
    graph = build_graph(chat_model("ollama", model=model), OfflineSearch())
    report = research(task, graph, config={"configurable": {"max_steps": 6}})["report"]
{%- endif %}
    assert report.title and report.sources  # a small model may word things its own way; it must read sources
    read = {s.url for s in report.sources}
    assert all(set(f.sources) <= read for f in report.findings)
