"""The research team as an AutoGen `SelectorGroupChat`: a selector (the supervisor) picks who speaks.

    task → SelectorGroupChat ─┬─▶ searcher    (an AssistantAgent with the `search` and `read` tools)
                              ├─▶ summariser  (facts from the documents read, each with its URL)
                              └─▶ writer      (the report as JSON) → the team stops

Each turn the selector model chooses the next speaker among the candidates that make sense now
(`candidate_func`): no report before the new sources are summarised, no searching once the budget of
searcher turns is spent — so a run always ends with a report. The writer's JSON is validated against
pydantic and against the sources the tools actually read; if it does not validate, the report keeps
the summariser's findings and says so.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from .configuration import DOCUMENT_CHARS, READ_CHARS, Configuration
from .report import Finding, Report, ReportDraft, ReportError, Source, check_citations, offline_notice
from .retry import ToolError, with_retries
from .search import Document, SearchBackend, SearchResult, describe

SEARCHER = """You are the searcher of a research team. Find and read the sources that answer the task:
call `search`, then `read` the most relevant results (at most {reads}), and search again with other words
when the results miss part of the task. When you have read enough, reply with a one-line note."""
SUMMARISER = """You are the summariser of a research team. Call `new_sources` to get the documents
read since you last looked, then pick out the facts that help with the task: at most {limit} per
document, one per line, each line "- <fact> [source: <the document's url>]". Keep names, numbers and
dates exact. If nothing helps, reply NONE."""
WRITER = """You are the writer of a research team. Write the report for the task from the summariser's
facts, and nothing else: reply with one JSON object that fits this JSON schema, citing only the URLs
given with the facts:
{schema}"""
SELECTOR = """You are the supervisor of a research team. The workers are:
{roles}
Read the conversation, then choose who acts next from {participants}: search before summarising,
summarise new sources before writing. Reply with the worker's name only.

{history}"""
FACT = re.compile(r"^\s*[-*]\s+(.+?)\s*\[source:\s*(\S+?)\]\s*$", re.M)


class Library:
    """The tools' memory for one run: what the searches found and the documents read, by URL."""

    def __init__(self, backend: SearchBackend, cfg: Configuration,
                 sleep: Callable[[float], None] = time.sleep):
        self.backend, self.cfg, self.sleep = backend, cfg, sleep
        self.cfg_read_chars = READ_CHARS
        self.found: dict[str, SearchResult] = {}
        self.documents: dict[str, Document] = {}
        self.handed_over: set[str] = set()  # documents the summariser has been given

    def search(self, query: str) -> str:
        """Search for sources. Returns up to five results, each with a title, a URL and a snippet."""
        try:
            hits = with_retries(lambda: self.backend.search(query, self.cfg.results), sleep=self.sleep)
        except ToolError as exc:
            return f"Error: {exc}"
        if not hits:
            return f"No results for '{query}'. Try other words."
        self.found.update((r.url, r) for r in hits)
        return "\n".join(f"[{n}] {r.title} — {r.url}\n    {r.snippet}" for n, r in enumerate(hits, 1))

    def read(self, url: str) -> str:
        """Read the text of a page that a search returned, by its URL."""
        url = url.strip()
        if url not in self.found:
            return f"Error: {url} is not among the search results; read only URLs a search returned"
        try:
            document = with_retries(lambda: self.backend.read(url), sleep=self.sleep)
        except ToolError as exc:
            return f"Error: {exc}"
        self.documents[document.url] = document
        text = document.text if len(document.text) <= self.cfg_read_chars else \
            document.text[:self.cfg_read_chars] + " …(cut)"
        return f"{document.title} ({document.published or 'undated'})\n{text}"

    def new_sources(self) -> str:
        """The documents read since the last call, each in a <document url=... title=...> block."""
        new = [d for url, d in self.documents.items() if url not in self.handed_over]
        self.handed_over.update(d.url for d in new)
        if not new:
            return "No new documents."
        return "\n\n".join(f'<document url="{d.url}" title="{d.title}">\n'
                           f"{d.text[:DOCUMENT_CHARS]}\n</document>" for d in new)


def build_team(client: Any, library: Library, cfg: Configuration):
    """The SelectorGroupChat for one run; `client` is an AutoGen ChatCompletionClient."""
    from autogen_agentchat.agents import AssistantAgent
    from autogen_agentchat.conditions import MaxMessageTermination, SourceMatchTermination
    from autogen_agentchat.teams import SelectorGroupChat
    from autogen_core.tools import FunctionTool

    about = f"Search for sources: {describe(library.backend)}. Returns up to {cfg.results} results, each " \
        "with a title, a URL and a snippet."
    tools = [FunctionTool(library.search, description=about, name="search"),
             FunctionTool(library.read, description=library.read.__doc__ or "", name="read")]
    searcher = AssistantAgent("searcher", client, tools=tools, max_tool_iterations=cfg.max_steps,
                              system_message=SEARCHER.format(reads=cfg.reads),
                              description="searches and reads sources")
    handover = FunctionTool(library.new_sources, name="new_sources",
                            description=library.new_sources.__doc__ or "")
    summariser = AssistantAgent("summariser", client, tools=[handover], reflect_on_tool_use=True,
                                system_message=SUMMARISER.format(limit=cfg.facts_per_source),
                                description="turns the sources read so far into facts with their URLs")
    writer = AssistantAgent("writer", client, system_message=WRITER.format(
        schema=json.dumps(ReportDraft.model_json_schema())), description="writes the final report")
    progress = {"searcher": 0}

    def candidates(thread: list[Any]) -> list[str]:
        if thread and getattr(thread[-1], "source", "") == "searcher":
            progress["searcher"] += 1
        unread = bool(library.documents.keys() - library.handed_over)
        allowed = [name for name, ok in (
            ("searcher", progress["searcher"] < cfg.max_searcher_runs and not unread),
            ("summariser", unread),
            ("writer", progress["searcher"] > 0 and not unread)) if ok]
        return allowed or ["writer"]

    # each searcher turn may hold max_steps tool rounds; the writer's message ends the run
    limit = MaxMessageTermination(4 + cfg.max_rounds * 3)
    return SelectorGroupChat([searcher, summariser, writer], model_client=client, selector_prompt=SELECTOR,
                             candidate_func=candidates, allow_repeated_speaker=True, emit_team_events=True,
                             termination_condition=SourceMatchTermination(["writer"]) | limit)


def trace_line(item: Any) -> tuple[str, str] | None:
    """(agent, what it did) for the trace, or None for what is not worth a line."""
    kind = type(item).__name__
    if kind == "SelectSpeakerEvent":
        return "supervisor", f"delegates to the {', '.join(item.content)}"
    if kind == "ToolCallRequestEvent":
        calls = ", ".join(f"{c.name}({', '.join(map(str, json.loads(c.arguments or '{}').values()))})"
                          for c in item.content)
        return item.source, f"calls {calls}"
    if kind in ("TextMessage", "ToolCallSummaryMessage") and item.source not in ("user", "writer"):
        return item.source, " ".join(item.to_text().split())[:160]
    return None


def findings_of(messages: list[Any]) -> list[Finding]:
    """The summariser's facts, with their sources, from the conversation."""
    found = []
    for message in messages:
        content = getattr(message, "content", None)
        if getattr(message, "source", "") == "summariser" and isinstance(content, str):
            found += [Finding(claim=claim, sources=[url]) for claim, url in FACT.findall(content)]
    return found


def report_of(task: str, messages: list[Any], library: Library, notes: list[str]) -> Report:
    """The writer's report if it validates, else the summariser's findings in a plain report."""
    written = [m.content for m in messages
               if getattr(m, "source", "") == "writer" and isinstance(m.content, str)]
    findings = [f for f in findings_of(messages) if set(f.sources) <= set(library.documents)]
    report = None
    if written:
        text = re.sub(r"^```(?:json)?\s*|\s*```$", "", written[-1].strip())
        try:
            report = check_citations(Report(**ReportDraft.model_validate_json(text).model_dump()),
                                     set(library.documents))
        except (ValidationError, ReportError) as exc:
            notes.append(f"The writer's report did not validate ({str(exc).splitlines()[0]}).")
    if report is None:
        report = Report(title=f"Research notes: {task}", findings=findings,
                        summary="These are the findings as the summariser extracted them.")
    report.open_questions = list(dict.fromkeys([*notes, *report.open_questions]))
    report.sources = [Source(url=d.url, title=d.title, published=d.published)
                      for d in library.documents.values()]
    return report


async def arun(task: str, client: Any, backend: SearchBackend, *, config: Configuration | None = None,
               offline_model: bool = False, sleep: Callable[[float], None] = time.sleep,
               on_log: Callable[[str, str], None] | None = None) -> tuple[Report, list[Any]]:
    from autogen_agentchat.messages import BaseChatMessage

    task = " ".join(task.split())
    if not task:
        raise ValueError("the research task is empty")
    cfg = config or Configuration()
    library = Library(backend, cfg, sleep)
    team = build_team(client, library, cfg)
    messages: list[Any] = []
    async for item in team.run_stream(task=f"Task: {task}"):
        if isinstance(item, BaseChatMessage):
            messages.append(item)
        line = trace_line(item) if on_log is not None else None
        if line:
            on_log(*line)
    notes = []
    if any(type(m).__name__ == "ToolCallSummaryMessage" and m.source == "searcher" for m in messages):
        # the searcher stopped on tool calls, not on its own note: its tool rounds ran out
        notes.append(f"The searcher used its whole budget of {cfg.max_steps} steps; more sources may exist.")
    if not any(getattr(m, "source", "") == "writer" for m in messages):
        notes.append("The team stopped before the writer spoke; the report holds what it had by then.")
    report = report_of(task, messages, library, notes)
    if on_log is not None:
        on_log("writer", f"report with {len(report.findings)} findings and "
                         f"{len(report.open_questions)} open questions")
    report.notice = offline_notice(backend=backend.name, corpus=getattr(backend, "corpus", None),
                                   offline_model=offline_model)
    return report, messages


def research(task: str, client: Any, backend: SearchBackend, **options: Any) -> tuple[Report, list[Any]]:
    """`arun` for synchronous callers (the command line)."""
    return asyncio.run(arun(task, client, backend, **options))
