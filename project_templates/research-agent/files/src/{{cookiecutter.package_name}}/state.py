"""The graph's state: what the supervisor and its sub-agents share.

Lists with a reducer (`operator.add`, `add_messages`) grow as nodes return new items; the other
keys are replaced by what a node returns.
"""

from __future__ import annotations

import operator
from typing import Annotated, TypedDict

from langchain_core.messages import AnyMessage
from langgraph.graph.message import add_messages

from .report import Finding, Report
from .search import Document


def merge(left: dict[str, Document], right: dict[str, Document]) -> dict[str, Document]:
    return {**left, **right}


class ResearchState(TypedDict, total=False):
    task: str
    # the current searcher run's ReAct conversation (model turns and tool results); cleared per run
    messages: Annotated[list[AnyMessage], add_messages]
    next: str  # the worker the supervisor chose
    instruction: str  # what the supervisor told it
    rounds: int
    searcher_runs: int
    searcher_steps: int
    sources: Annotated[dict[str, Document], merge]  # every document read, by URL, in reading order
    summarised: Annotated[list[str], operator.add]  # URLs the summariser has seen
    findings: Annotated[list[Finding], operator.add]
    notes: Annotated[list[str], operator.add]  # what the report must admit (budgets used up, failed reads)
    report: Report | None
    log: Annotated[list[tuple[str, str]], operator.add]  # (agent, what it did), for --trace
