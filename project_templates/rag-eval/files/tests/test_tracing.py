from __future__ import annotations

import json

import pytest

from {{ cookiecutter.package_name }}.rag import RagPipeline
from {{ cookiecutter.package_name }}.tracing import (
    JsonlSink,
    Tracer,
    format_summary,
    make_tracer,
    percentile,
    read_traces,
    span,
    summarize,
)


def test_a_trace_is_one_json_line_with_its_spans(tmp_path):
    log = tmp_path / "traces.jsonl"
    tracer = Tracer([JsonlSink(log)], {"app": "test"})
    with tracer.trace("ask", question="q") as trace:
        with span("retrieve", k=2) as s:
            s.outputs["ids"] = ["a", "b"]
        trace.outputs["answer"] = "yes"
    (record,) = [json.loads(line) for line in log.read_text().splitlines()]
    assert record["name"] == "ask" and record["inputs"] == {"question": "q"}
    assert record["metadata"] == {"app": "test"} and record["outputs"] == {"answer": "yes"}
    assert record["error"] is None
    spans = [(s["name"], s["inputs"], s["outputs"]) for s in record["spans"]]
    assert spans == [("retrieve", {"k": 2}, {"ids": ["a", "b"]})]


def test_errors_are_recorded_and_raised(tmp_path):
    tracer = Tracer([JsonlSink(tmp_path / "t.jsonl")])
    with pytest.raises(RuntimeError), tracer.trace("ask"), span("generate"):
        raise RuntimeError("model down")
    (record,) = read_traces(tmp_path / "t.jsonl")
    assert record["error"] == record["spans"][0]["error"] == "RuntimeError: model down"


def test_spans_outside_a_trace_and_broken_sinks_are_harmless(capsys):
    with span("alone") as s:
        s.outputs["x"] = 1

    class Broken:
        name = "broken"

        def export(self, record):
            raise OSError("disk full")

    with Tracer([Broken()]).trace("ask"):
        pass
    assert "the broken trace sink failed: disk full" in capsys.readouterr().err


def test_the_environment_chooses_the_log_or_nothing(monkeypatch, tmp_path):
    monkeypatch.setenv("RAG_TRACE_LOG", str(tmp_path / "env.jsonl"))
    assert [s.path for s in make_tracer().sinks] == [tmp_path / "env.jsonl"]
    monkeypatch.setenv("RAG_TRACING", "off")
    assert make_tracer().sinks == []


def test_every_step_of_a_request_is_a_span(tmp_path):
    pipeline = RagPipeline(tracer=Tracer([JsonlSink(tmp_path / "t.jsonl")]))
    answer = pipeline.ask("What does error E-104 mean?", "hybrid+rerank+hyde")
    (record,) = read_traces(tmp_path / "t.jsonl")
    assert record["id"] == answer.trace_id
    assert [s["name"] for s in record["spans"]] == [
        "retrieve.bm25", "hyde.generate", "hyde.embed", "retrieve.vector", "fuse", "rerank", "generate"]
    assert record["outputs"]["contexts"][0] == "troubleshooting.md#1"


def test_the_summary_is_a_small_dashboard(tmp_path):
    log = tmp_path / "t.jsonl"
    records = [{"name": "ask", "started_at": "t", "duration_ms": float(ms), "error": None,
                "spans": [{"name": "generate", "duration_ms": ms / 2, "error": "x" if ms == 40 else None}]}
               for ms in (10, 20, 30, 40)]
    log.write_text("\n".join(json.dumps(r) for r in records) + "\n{broken line\n")
    summary = summarize(read_traces(log))
    assert summary["traces"]["ask"] == {"count": 4, "errors": 0, "p50_ms": 25.0, "p95_ms": 38.5}
    assert summary["spans"]["generate"]["errors"] == 1 and len(summary["last"]) == 4
    assert "generate" in format_summary(summary)
    assert percentile([], 0.5) == 0.0 and read_traces(tmp_path / "none.jsonl") == []
