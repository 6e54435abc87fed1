"""Tracing: a span around every agent call, every test run and the whole build.

{% if cookiecutter.tracing == "opentelemetry" -%}
This project traces with OpenTelemetry (`opentelemetry-sdk`): each run writes its spans as JSON
lines to `.coding-agents/trace.jsonl` beside the transcript, and — when OTEL_EXPORTER_OTLP_ENDPOINT
is set and the `otlp` extra is installed — sends them to an OTLP collector (Jaeger, Grafana Tempo,
Honeycomb, …) as well. Tests use the SDK's in-memory exporter.
{% elif cookiecutter.tracing == "langsmith" -%}
This project traces with LangSmith: with LANGSMITH_TRACING=true and LANGSMITH_API_KEY set, each
build is a run in LangSmith with a child run per agent call and test run (and, with LangGraph,
LangChain's own model runs nested inside). Without them, nothing leaves the machine.
{% else -%}
This project was generated with tracing=none: spans are no-ops. Regenerate with
tracing=opentelemetry or tracing=langsmith to record them.
{% endif -%}
"""

from __future__ import annotations

{% if cookiecutter.tracing != "none" -%}
import os
{% endif -%}
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

TRACING = "{{ cookiecutter.tracing }}"
SERVICE = "{{ cookiecutter.project_slug }}"


def _clean(attributes: dict[str, Any]) -> dict[str, Any]:
    """Span attributes must be str, bool, int or float."""
    return {k: v if isinstance(v, (str, bool, int, float)) else str(v) for k, v in attributes.items()
            if v is not None}


class Tracing:
    """No tracing: `span` does nothing. The base of the real ones."""

    name = "none"

    @contextmanager
    def span(self, name: str, **attributes: Any) -> Iterator[dict[str, Any]]:
        """`with tracing.span("agent.coder", iteration=2) as extra: ... extra["files"] = 3`."""
        yield {}

    def describe(self) -> str:
        return "off"

    def shutdown(self) -> None:
        pass
{%- if cookiecutter.tracing == "opentelemetry" %}


class OtelTracing(Tracing):
    """OpenTelemetry spans through a TracerProvider of our own (not the process-wide one)."""

    name = "opentelemetry"

    def __init__(self, *exporters: Any, where: str = ""):
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import SimpleSpanProcessor

        self.provider = TracerProvider(resource=Resource.create({"service.name": SERVICE}))
        for exporter in exporters:
            self.provider.add_span_processor(SimpleSpanProcessor(exporter))
        self.tracer = self.provider.get_tracer(__name__)
        self.where = where
        self._files: list[Any] = []

    @contextmanager
    def span(self, name: str, **attributes: Any) -> Iterator[dict[str, Any]]:
        with self.tracer.start_as_current_span(name, attributes=_clean(attributes)) as span:
            extra: dict[str, Any] = {}
            try:
                yield extra
            finally:
                span.set_attributes(_clean(extra))

    def describe(self) -> str:
        return f"opentelemetry → {self.where}" if self.where else "opentelemetry"

    def shutdown(self) -> None:
        self.provider.shutdown()
        for file in self._files:
            file.close()


def otel_tracing(log_dir: Path) -> OtelTracing:
    """Spans to LOG_DIR/trace.jsonl, and to OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set."""
    from opentelemetry.sdk.trace.export import ConsoleSpanExporter

    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / "trace.jsonl"
    file = path.open("w", encoding="utf-8")
    exporters: list[Any] = [ConsoleSpanExporter(out=file,
                                                formatter=lambda span: span.to_json(indent=None) + "\n")]
    where = [str(path)]
    endpoint = os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT", "").strip()
    if endpoint:
        try:
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        except ImportError:
            file.close()
            raise ValueError("OTEL_EXPORTER_OTLP_ENDPOINT is set but the OTLP exporter is missing: "
                             "pip install -e '.[otlp]'") from None
        exporters.append(OTLPSpanExporter())  # reads the endpoint (and headers) from the environment
        where.append(endpoint)
    tracing = OtelTracing(*exporters, where=" and ".join(where))
    tracing._files.append(file)
    return tracing
{%- elif cookiecutter.tracing == "langsmith" %}


class LangSmithTracing(Tracing):
    """LangSmith runs; they are sent only when LANGSMITH_TRACING=true and a key are set."""

    name = "langsmith"

    @contextmanager
    def span(self, name: str, **attributes: Any) -> Iterator[dict[str, Any]]:
        from langsmith import trace

        with trace(name, run_type="chain", inputs=_clean(attributes)) as run:
            extra: dict[str, Any] = {}
            try:
                yield extra
            finally:
                run.end(outputs=_clean(extra))

    def describe(self) -> str:
        return langsmith_status()


def langsmith_status() -> str:
    flag = os.environ.get("LANGSMITH_TRACING", os.environ.get("LANGCHAIN_TRACING_V2", ""))
    enabled = flag.lower() == "true"
    if not enabled:
        return "langsmith off (set LANGSMITH_TRACING=true and LANGSMITH_API_KEY to send runs)"
    if not (os.environ.get("LANGSMITH_API_KEY") or os.environ.get("LANGCHAIN_API_KEY")):
        return "langsmith off: LANGSMITH_TRACING=true but LANGSMITH_API_KEY is not set"
    return f"langsmith → project {os.environ.get('LANGSMITH_PROJECT') or 'default'}"
{%- endif %}


def make_tracing(log_dir: Path, kind: str | None = None) -> Tracing:
    """The tracing this project was generated with (`kind="none"` turns it off for one run)."""
    kind = (kind or TRACING).strip().lower()
    if kind == "none":
        return Tracing()
{%- if cookiecutter.tracing == "opentelemetry" %}
    if kind == "opentelemetry":
        return otel_tracing(log_dir)
{%- elif cookiecutter.tracing == "langsmith" %}
    if kind == "langsmith":
        return LangSmithTracing()
{%- endif %}
    raise ValueError(f"unknown tracing '{kind}': this project has {TRACING} or none")
