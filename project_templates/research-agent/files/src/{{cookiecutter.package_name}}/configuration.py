"""The settings of one research run, overridable per run (LangGraph's `configurable`).

`Configuration.from_runnable_config(config)` reads them from a RunnableConfig, so LangGraph Studio
and `graph.invoke(..., config={"configurable": {"max_steps": 4}})` can change them without code.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

MAX_STEPS = {{ cookiecutter.max_steps }}  # model calls of one searcher run (each may call tools)
MAX_ROUNDS = 6  # supervisor decisions per research run
MAX_SEARCHER_RUNS = 3
READS = 5  # documents one searcher run reads at most
FACTS_PER_SOURCE = 3
DOCUMENT_CHARS = 4000  # of a document the summariser sees
READ_CHARS = 3000  # of a document the `read` tool returns to the searcher
RESULTS = 5  # results per search


@dataclass(kw_only=True)
class Configuration:
    max_steps: int = MAX_STEPS
    max_rounds: int = MAX_ROUNDS
    max_searcher_runs: int = MAX_SEARCHER_RUNS
    reads: int = READS
    facts_per_source: int = FACTS_PER_SOURCE
    results: int = RESULTS

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 100:
                raise ValueError(f"{item.name} must be a whole number from 1 to 100, got {value!r}")

    @classmethod
    def from_runnable_config(cls, config: dict[str, Any] | None = None) -> Configuration:
        configurable = (config or {}).get("configurable") or {}
        names = {item.name for item in fields(cls)}
        return cls(**{name: value for name, value in configurable.items() if name in names})
