"""LangSmith export for the traces (pip install -e '.[langsmith]', then set LANGSMITH_API_KEY).

Each finished trace is replayed as a LangSmith run tree: the request is the root run and every
span a child run with its own start and end time, inputs, outputs and error, in the project
$LANGSMITH_PROJECT (default: {{ cookiecutter.project_slug }}). LangSmith then gives you the
monitoring dashboard: latency, errors, and every retrieved passage of every request.
The local JSONL log is written as well, so nothing depends on the service being up.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from typing import Any

from .providers import ProviderError

RUN_TYPES = {"retrieve": "retriever", "embed": "embedding", "hyde": "llm", "generate": "llm", "judge": "llm"}


def run_type(span_name: str) -> str:
    return RUN_TYPES.get(span_name.split(".")[0], "chain")


class LangSmithSink:
    name = "langsmith"

    def __init__(self, client: Any = None, project: str | None = None):
        try:
            from langsmith import Client
            from langsmith.run_trees import RunTree
        except ImportError:
            raise ProviderError("LangSmith tracing needs its SDK: pip install -e '.[langsmith]'") from None
        self.run_tree = RunTree
        self.client = client or Client()  # reads LANGSMITH_API_KEY (and LANGSMITH_ENDPOINT)
        self.project = project or os.environ.get("LANGSMITH_PROJECT") or "{{ cookiecutter.project_slug }}"

    def export(self, record: dict[str, Any]) -> None:
        start = datetime.fromisoformat(record["started_at"])
        root = self.run_tree(name=record["name"], run_type="chain", inputs=record["inputs"], start_time=start,
                             client=self.client, project_name=self.project,
                             extra={"metadata": {**record.get("metadata", {}), "trace_id": record["id"]}})
        for s in record["spans"]:
            begin = start + timedelta(milliseconds=s["start_ms"])
            root.create_child(s["name"], run_type(s["name"]), inputs=s["inputs"], outputs=s["outputs"],
                              error=s["error"], start_time=begin,
                              end_time=begin + timedelta(milliseconds=s["duration_ms"]))
        root.end(outputs=record["outputs"], error=record["error"],
                 end_time=start + timedelta(milliseconds=record["duration_ms"]))
        root.post(exclude_child_runs=False)
        if hasattr(self.client, "flush"):
            self.client.flush()  # a command-line run may end right after this request
