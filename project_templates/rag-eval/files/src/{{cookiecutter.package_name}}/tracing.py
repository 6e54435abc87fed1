"""Tracing: every request becomes one trace of timed spans (retrieve, fuse, rerank, generate…).

By default traces go to a local JSON-lines log ($RAG_TRACE_LOG, default .index/traces.jsonl):
one line per request, readable with any tool, summarised by `{{ cookiecutter.project_slug }} traces`
and GET /metrics — a small monitoring dashboard that needs no account.
{%- if cookiecutter.tracing == "langsmith" %}
With LANGSMITH_API_KEY set (pip install -e '.[langsmith]'), each trace is also sent to LangSmith
as a run tree (see `tracing_langsmith.py`); the local log is always written.
{%- endif %}
Set RAG_TRACING=off to record nothing.

Code records spans with `with span("name", **inputs) as s: ... s.outputs[...] = ...`; outside a
trace, spans are simply not recorded, so every component works without tracing.
"""

from __future__ import annotations

import json
import os
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Protocol

TRACING = "{{ cookiecutter.tracing }}"
DEFAULT_LOG = Path(".index") / "traces.jsonl"


@dataclass
class Span:
    name: str
    inputs: dict[str, Any] = field(default_factory=dict)
    outputs: dict[str, Any] = field(default_factory=dict)
    start_ms: float = 0.0  # since the start of the trace
    duration_ms: float = 0.0
    error: str | None = None


@dataclass
class Trace:
    name: str
    inputs: dict[str, Any]
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    started_at: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat())
    outputs: dict[str, Any] = field(default_factory=dict)
    spans: list[Span] = field(default_factory=list)
    duration_ms: float = 0.0
    error: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    _t0: float = field(default_factory=time.perf_counter, repr=False)

    def to_dict(self) -> dict[str, Any]:
        record = {key: value for key, value in vars(self).items() if not key.startswith("_")}
        record["spans"] = [vars(s) for s in self.spans]
        return json.loads(json.dumps(record, default=str))  # only JSON types from here on


_current: ContextVar[Trace | None] = ContextVar("current_trace", default=None)


@contextmanager
def _noting_errors(record: Span | Trace) -> Iterator[None]:
    """Write the block's exception on `record`, and let it propagate."""
    try:
        yield
    except Exception as exc:
        record.error = f"{type(exc).__name__}: {exc}"
        raise


@contextmanager
def span(name: str, **inputs: Any) -> Iterator[Span]:
    """A timed step of the current trace (a no-op record when there is no trace)."""
    trace = _current.get()
    record = Span(name, inputs)
    t0 = time.perf_counter()
    if trace is not None:
        record.start_ms = round((t0 - trace._t0) * 1000, 3)
    try:
        with _noting_errors(record):
            yield record
    finally:
        record.duration_ms = round((time.perf_counter() - t0) * 1000, 3)
        if trace is not None:
            trace.spans.append(record)


class Sink(Protocol):
    name: str

    def export(self, record: dict[str, Any]) -> None: ...


class JsonlSink:
    name = "jsonl"

    def __init__(self, path: str | Path):
        self.path = Path(path)

    def export(self, record: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as log:
            log.write(json.dumps(record, ensure_ascii=False) + "\n")


class Tracer:
    def __init__(self, sinks: list[Sink] | None = None, metadata: dict[str, Any] | None = None):
        self.sinks = list(sinks or [])
        self.metadata = dict(metadata or {})

    @contextmanager
    def trace(self, name: str, **inputs: Any) -> Iterator[Trace]:
        record = Trace(name, inputs, metadata=dict(self.metadata))
        token = _current.set(record)
        try:
            with _noting_errors(record):
                yield record
        finally:
            _current.reset(token)
            record.duration_ms = round((time.perf_counter() - record._t0) * 1000, 3)
            self._export(record.to_dict())

    def _export(self, record: dict[str, Any]) -> None:
        for sink in self.sinks:
            try:
                sink.export(record)
            except Exception as exc:  # tracing must never break a request
                print(f"warning: the {sink.name} trace sink failed: {exc}", file=sys.stderr)


def trace_log_path() -> Path:
    return Path(os.environ.get("RAG_TRACE_LOG") or DEFAULT_LOG)


def make_tracer(path: str | Path | None = None, **metadata: Any) -> Tracer:
    """The tracer the environment asks for: the JSONL log unless RAG_TRACING=off{% if cookiecutter.tracing == "langsmith" %},
    plus LangSmith when LANGSMITH_API_KEY is set{% endif %}."""
    if os.environ.get("RAG_TRACING", "").lower() in ("off", "0", "false", "none"):
        return Tracer([], metadata)
    sinks: list[Sink] = [JsonlSink(path or trace_log_path())]
{%- if cookiecutter.tracing == "langsmith" %}
    if os.environ.get("LANGSMITH_API_KEY"):
        from .tracing_langsmith import LangSmithSink

        sinks.append(LangSmithSink())
{%- endif %}
    return Tracer(sinks, metadata)


def read_traces(path: str | Path | None = None) -> list[dict[str, Any]]:
    file = Path(path) if path else trace_log_path()
    if not file.exists():
        return []
    records = []
    for line in file.read_text(encoding="utf-8").splitlines():
        try:
            records.append(json.loads(line))
        except ValueError:
            continue  # a line cut short by a crash is skipped, not fatal
    return records


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    position = (len(ordered) - 1) * q
    low, high = int(position), min(int(position) + 1, len(ordered) - 1)
    return round(ordered[low] + (ordered[high] - ordered[low]) * (position - low), 1)


def summarize(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts, errors and p50/p95 latencies per trace name and per span name."""
    groups: dict[str, dict[str, list[tuple[float, bool]]]] = {"traces": {}, "spans": {}}
    for record in records:
        for kind, row in [("traces", record)] + [("spans", s) for s in record.get("spans", [])]:
            groups[kind].setdefault(row["name"], []).append((row["duration_ms"], bool(row.get("error"))))

    def stats(rows: list[tuple[float, bool]]) -> dict[str, Any]:
        durations = [d for d, _ in rows]
        return {"count": len(rows), "errors": sum(e for _, e in rows),
                "p50_ms": percentile(durations, 0.5), "p95_ms": percentile(durations, 0.95)}

    summary: dict[str, Any] = {kind: {name: stats(rows) for name, rows in sorted(group.items())}
                               for kind, group in groups.items()}
    summary["last"] = [{"started_at": r["started_at"], "name": r["name"], "inputs": r.get("inputs", {}),
                        "duration_ms": r["duration_ms"], "error": r.get("error")} for r in records[-5:]]
    return summary


def format_summary(summary: dict[str, Any]) -> str:
    lines = [f"{'':24} {'count':>6} {'errors':>6} {'p50 ms':>9} {'p95 ms':>9}"]
    for title in ("traces", "spans"):
        lines.append(f"{title}:")
        for name, s in summary[title].items():
            lines.append(f"  {name:22} {s['count']:>6} {s['errors']:>6} "
                         f"{s['p50_ms']:>9.1f} {s['p95_ms']:>9.1f}")
    return "\n".join(lines)
