"""The LangSmith export, with a stand-in client (skipped without the langsmith extra)."""

from __future__ import annotations

import pytest

pytest.importorskip("langsmith")

from {{ cookiecutter.package_name }}.rag import RagPipeline  # noqa: E402
from {{ cookiecutter.package_name }}.tracing import Tracer, make_tracer  # noqa: E402
from {{ cookiecutter.package_name }}.tracing_langsmith import LangSmithSink, run_type  # noqa: E402


class RecordingClient:
    def __init__(self):
        self.runs = []

    def create_run(self, **run):
        self.runs.append(run)


def test_a_trace_becomes_a_run_tree():
    client = RecordingClient()
    pipeline = RagPipeline(tracer=Tracer([LangSmithSink(client, project="tests")]))
    pipeline.ask("What does error E-104 mean?", "hybrid+rerank")
    root, *children = client.runs
    assert root["name"] == "ask" and root["inputs"]["question"] == "What does error E-104 mean?"
    assert [c["name"] for c in children] == ["retrieve.bm25", "embed.question", "retrieve.vector", "fuse",
                                             "rerank", "generate"]
    assert all(c["parent_run_id"] == root["id"] and c["trace_id"] == root["id"] for c in children)
    assert children[0]["run_type"] == "retriever" and children[-1]["run_type"] == "llm"
    assert root["outputs"]["contexts"][0] == "troubleshooting.md#1"


def test_langsmith_is_added_only_with_a_key(monkeypatch):
    import langsmith

    monkeypatch.setattr(langsmith, "Client", RecordingClient)
    monkeypatch.delenv("LANGSMITH_API_KEY", raising=False)
    assert [s.name for s in make_tracer().sinks] == ["jsonl"]
    monkeypatch.setenv("LANGSMITH_API_KEY", "lsv2-test")
    assert [s.name for s in make_tracer().sinks] == ["jsonl", "langsmith"]
    assert run_type("embed.question") == "embedding" and run_type("fuse") == "chain"
