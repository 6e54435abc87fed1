from __future__ import annotations

{% if cookiecutter.tracing == "opentelemetry" -%}
import json

{% endif -%}
import pytest

from {{ cookiecutter.package_name }}.approval import approve_all
from {{ cookiecutter.package_name }}.offline import offline_brain
from {{ cookiecutter.package_name }}.orchestrator import Team
from {{ cookiecutter.package_name }}.providers import FakeProvider
from {{ cookiecutter.package_name }}.sandbox import RunResult
{%- if cookiecutter.tracing == "opentelemetry" %}
from {{ cookiecutter.package_name }}.tracing import OtelTracing, make_tracing
{%- else %}
from {{ cookiecutter.package_name }}.tracing import LangSmithTracing, langsmith_status, make_tracing
{%- endif %}

SLUGIFY = "add a function slugify with tests"


class ScriptedSandbox:
    name = "scripted"

    def __init__(self, *codes: int):
        self.codes = list(codes)

    def run(self, workdir, command):
        code = self.codes.pop(0)
        return RunResult(command, code, "3 failed" if code else "5 passed", 0.01)
{%- if cookiecutter.tracing == "opentelemetry" %}


def test_every_agent_call_and_test_run_is_a_span_inside_the_build(tmp_path):
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    exporter = InMemorySpanExporter()
    tracing = OtelTracing(exporter)
    team = Team(FakeProvider(brain=offline_brain), ScriptedSandbox(1, 0), approve_all, 3, tracing=tracing)
    outcome = team.build(SLUGIFY, tmp_path)
    spans = exporter.get_finished_spans()
    assert [s.name for s in spans] == ["agent.planner", "agent.coder", "agent.tester", "sandbox.run",
                                       "agent.coder", "sandbox.run", "agent.reviewer", "build"]
    build = spans[-1]
    assert all(s.parent.span_id == build.context.span_id for s in spans[:-1])
    assert build.attributes["status"] == outcome.status == "applied" and build.attributes["iterations"] == 2
    assert [s.attributes["ok"] for s in spans if s.name == "sandbox.run"] == [False, True]
    assert spans[0].attributes["reply_chars"] > 0


def test_the_command_line_tracing_writes_json_lines_to_the_log_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_ENDPOINT", raising=False)
    tracing = make_tracing(tmp_path)
    with tracing.span("build", task="x"), tracing.span("agent.planner"):
        pass
    tracing.shutdown()
    spans = [json.loads(line) for line in (tmp_path / "trace.jsonl").read_text().splitlines()]
    assert [s["name"] for s in spans] == ["agent.planner", "build"]
    assert tracing.describe() == f"opentelemetry → {tmp_path / 'trace.jsonl'}"


def test_an_otlp_endpoint_without_the_exporter_says_what_to_install(tmp_path, monkeypatch):
    try:
        import opentelemetry.exporter.otlp.proto.http  # noqa: F401
        pytest.skip("the OTLP exporter is installed")
    except ImportError:
        pass
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4318")
    with pytest.raises(ValueError, match=r"pip install -e '\.\[otlp\]'"):
        make_tracing(tmp_path)
{%- else %}


def test_langsmith_stays_off_and_says_why_without_its_settings(monkeypatch):
    for name in ("LANGSMITH_TRACING", "LANGCHAIN_TRACING_V2", "LANGSMITH_API_KEY", "LANGCHAIN_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    assert langsmith_status().startswith("langsmith off (set LANGSMITH_TRACING=true")
    monkeypatch.setenv("LANGSMITH_TRACING", "true")
    assert langsmith_status() == "langsmith off: LANGSMITH_TRACING=true but LANGSMITH_API_KEY is not set"


def test_spans_nest_as_langsmith_runs_and_the_build_still_works_offline(tmp_path, monkeypatch):
    from langsmith.run_helpers import get_current_run_tree

    monkeypatch.delenv("LANGSMITH_TRACING", raising=False)
    tracing = LangSmithTracing()
    with tracing.span("build", task="x"), tracing.span("agent.planner") as extra:
        run = get_current_run_tree()
        extra["reply_chars"] = 3
    assert run is None or (run.name == "agent.planner" and run.parent_run.name == "build")
    team = Team(FakeProvider(brain=offline_brain), ScriptedSandbox(1, 0), approve_all, 3, tracing=tracing)
    assert team.build(SLUGIFY, tmp_path).status == "applied"
{%- endif %}


def test_tracing_can_be_turned_off_for_a_run(tmp_path):
    tracing = make_tracing(tmp_path, "none")
    with tracing.span("build") as extra:
        extra["x"] = 1
    assert tracing.describe() == "off" and not (tmp_path / "trace.jsonl").exists()
    with pytest.raises(ValueError, match="unknown tracing 'jaeger'"):
        make_tracing(tmp_path, "jaeger")
