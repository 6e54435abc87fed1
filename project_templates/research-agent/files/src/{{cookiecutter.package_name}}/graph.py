"""The research team as a LangGraph graph: a supervisor delegating to three sub-agents.

    START → supervisor ─┬─▶ searcher ⇄ tools   (a ReAct loop: the model calls search/read)
              ▲         ├─▶ summariser          (each new source → findings)
              │         ├─▶ writer              (findings → the pydantic Report)
              └─────────┴── back to the supervisor; FINISH → END

The supervisor's model chooses the next worker (a JSON `Route`, parsed by LangChain's
PydanticOutputParser); a choice that is impossible now — a report before the new sources are
summarised, finishing without a report — is overruled and the default order search → summarise →
write takes over, so a run always ends with a report. Budgets (searcher steps, supervisor rounds)
end up in the report's open questions instead of being hidden.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Literal

from langchain_core.exceptions import OutputParserException
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, RemoveMessage, SystemMessage
from langchain_core.output_parsers import PydanticOutputParser
from langchain_core.runnables import RunnableConfig
from langgraph.graph import END, START, StateGraph
from langgraph.graph.message import REMOVE_ALL_MESSAGES
from langgraph.prebuilt import ToolNode
from pydantic import BaseModel, Field

from . import prompts
from .configuration import DOCUMENT_CHARS, Configuration
from .report import (
    Finding,
    Report,
    ReportDraft,
    ReportError,
    Source,
    check_citations,
    findings_brief,
    merge_findings,
    offline_notice,
)
from .search import SearchBackend, make_search
from .state import ResearchState
from .toolkit import make_tools, read_documents

Worker = Literal["searcher", "summariser", "writer", "FINISH"]


class Route(BaseModel):
    """The supervisor's decision."""

    next: Worker = Field(description="the worker who acts next, or FINISH once the report is written")
    instruction: str = Field(default="", description="what the worker should do")


ROUTE = PydanticOutputParser(pydantic_object=Route)
DRAFT = PydanticOutputParser(pydantic_object=ReportDraft)


def build_graph(model: BaseChatModel, backend: SearchBackend, *, offline_model: bool = False,
                sleep: Callable[[float], None] = time.sleep):
    """The compiled graph for this model and search backend."""
    tools = make_tools(backend, sleep=sleep)
    searcher_model = model.bind_tools(tools)

    def settings(config: RunnableConfig | None) -> Configuration:
        return Configuration.from_runnable_config(config)

    # --- the supervisor -----------------------------------------------------------------------
    def allowed(state: ResearchState, cfg: Configuration) -> list[str]:
        sources, done = state.get("sources") or {}, set(state.get("summarised") or [])
        unread = bool(sources.keys() - done)
        report = state.get("report")
        options = []
        if state.get("searcher_runs", 0) < cfg.max_searcher_runs and report is None:
            options.append("searcher")
        if unread:
            options.append("summariser")
        if state.get("searcher_runs", 0) and not unread and report is None:
            options.append("writer")
        if report is not None:
            options.append("FINISH")
        return options

    def supervisor(state: ResearchState, config: RunnableConfig) -> dict[str, Any]:
        cfg = settings(config)
        rounds = state.get("rounds", 0) + 1
        sources, done = state.get("sources") or {}, set(state.get("summarised") or [])
        options = allowed(state, cfg)
        if rounds > cfg.max_rounds:  # out of rounds: finish what can be finished, in order
            fallback = "summariser" if "summariser" in options else "writer" if state.get("report") is None \
                else "FINISH"
            note = [] if fallback == "FINISH" or any("rounds" in n for n in state.get("notes", [])) else \
                [f"The supervisor used all {cfg.max_rounds} rounds; the report was written from what the "
                 "team had by then."]
            return {"next": fallback, "instruction": "", "rounds": rounds, "notes": note}
        text = prompts.progress(state["task"], searcher_runs=state.get("searcher_runs", 0),
                                sources=len(sources), unread=len(sources.keys() - done),
                                findings=len(state.get("findings") or []),
                                report=state.get("report") is not None)
        system = prompts.SUPERVISOR.format(format_instructions=ROUTE.get_format_instructions())
        reply = model.invoke([SystemMessage(system), HumanMessage(text)], config)
        try:
            choice: Route | None = ROUTE.invoke(reply)
        except OutputParserException:
            choice = None
        if choice is not None and choice.next in options:
            worker, instruction = choice.next, choice.instruction
            said = "finishes: the report is written" if worker == "FINISH" else \
                f"delegates to the {worker}" + (f": {instruction}" if instruction else "")
        else:
            worker, instruction = default_choice(state, options), ""
            wanted = choice.next if choice else "an unreadable reply"
            said = f"cannot follow {wanted} now; the {worker} goes next"
        return {"next": worker, "instruction": instruction, "rounds": rounds, "log": [("supervisor", said)]}

    def default_choice(state: ResearchState, options: list[str]) -> str:
        for worker in ("summariser", "searcher", "writer", "FINISH"):
            if worker in options and (worker != "searcher" or not state.get("sources")):
                return worker
        return options[0] if options else "FINISH"

    # --- the searcher: a ReAct loop of model turns and tool calls -----------------------------
    def start_search(state: ResearchState) -> dict[str, Any]:
        instruction = state.get("instruction") or state["task"]
        return {"messages": [RemoveMessage(id=REMOVE_ALL_MESSAGES),
                             HumanMessage(f"Task: {state['task']}\n\nInstruction: {instruction}")],
                "searcher_runs": state.get("searcher_runs", 0) + 1, "searcher_steps": 0}

    def searcher(state: ResearchState, config: RunnableConfig) -> dict[str, Any]:
        cfg = settings(config)
        messages: list[BaseMessage] = [SystemMessage(prompts.SEARCHER.format(reads=cfg.reads)),
                                       *state["messages"]]
        reply = searcher_model.invoke(messages, config)
        log = [("searcher", f"calls {c['name']}({', '.join(map(str, c['args'].values()))})")
               for c in getattr(reply, "tool_calls", [])] or [("searcher", f"done: {reply.content}")]
        return {"messages": [reply], "searcher_steps": state.get("searcher_steps", 0) + 1,
                "sources": read_documents(state["messages"]), "log": log}

    def after_searcher(state: ResearchState, config: RunnableConfig) -> Literal["tools", "collect"]:
        last = state["messages"][-1]
        wants_tools = isinstance(last, AIMessage) and bool(last.tool_calls)
        within_budget = state.get("searcher_steps", 0) < settings(config).max_steps
        return "tools" if wants_tools and within_budget else "collect"

    def collect(state: ResearchState, config: RunnableConfig) -> dict[str, Any]:
        """The end of a searcher run: keep what was read, admit budgets used up and failed reads."""
        cfg = settings(config)
        notes, messages = [], state["messages"]
        last = messages[-1]
        if isinstance(last, AIMessage) and last.tool_calls:
            notes.append(f"The searcher used its whole budget of {cfg.max_steps} steps; "
                         "more sources may exist.")
            messages = messages[:-1]  # its last tool calls were never run
        for message in messages:
            if getattr(message, "status", None) == "error" and message.name == "read":
                notes.append(f"Could not read a source: {message.content.removeprefix('Error: ')}")
        sources = read_documents(messages)
        total = len({**(state.get("sources") or {}), **sources})
        return {"sources": sources, "notes": notes, "log": [("searcher", f"{total} sources read so far")]}

    # --- the summariser and the writer ---------------------------------------------------------
    def summariser(state: ResearchState, config: RunnableConfig) -> dict[str, Any]:
        cfg = settings(config)
        done = set(state.get("summarised") or [])
        system = SystemMessage(prompts.SUMMARISER.format(limit=cfg.facts_per_source))
        findings, seen, log = [], [], []
        for url, document in (state.get("sources") or {}).items():
            if url in done:
                continue
            prompt = prompts.document(state["task"], document, DOCUMENT_CHARS)
            reply = model.invoke([system, HumanMessage(prompt)], config)
            claims = [line.strip()[2:].strip() for line in str(reply.content).splitlines()
                      if line.strip()[:2] in ("- ", "* ")]
            new = [Finding(claim=claim, sources=[url]) for claim in claims if claim][:cfg.facts_per_source]
            findings += new
            seen.append(url)
            log.append(("summariser", f"{len(new)} finding{'' if len(new) == 1 else 's'} from {url}"))
        return {"findings": findings, "summarised": seen, "log": log}

    def writer(state: ResearchState, config: RunnableConfig) -> dict[str, Any]:
        sources = state.get("sources") or {}
        findings = merge_findings(state.get("findings") or [])
        notes = list(dict.fromkeys(state.get("notes") or []))
        messages: list[BaseMessage] = [
            SystemMessage(prompts.WRITER.format(format_instructions=DRAFT.get_format_instructions())),
            HumanMessage(findings_brief(state["task"], findings, notes))]
        report, log = None, []
        for _ in range(2):  # one repair round: the reason goes back to the model
            reply = model.invoke(messages, config)
            try:
                draft = DRAFT.invoke(reply)
                report = check_citations(Report(**draft.model_dump()), set(sources))
                break
            except (OutputParserException, ReportError) as exc:
                error = str(exc).splitlines()[0]
                log.append(("writer", f"reply rejected: {error}"))
                messages += [reply, HumanMessage(prompts.REPAIR.format(error=error))]
        if report is None:
            report = Report(title=f"Research notes: {state['task']}", findings=findings, open_questions=notes,
                            summary="The writer's report did not validate, so these are the findings as the "
                                    "summariser extracted them.")
        report.open_questions = list(dict.fromkeys([*notes, *report.open_questions]))
        report.sources = [Source(url=d.url, title=d.title, published=d.published) for d in sources.values()]
        report.notice = offline_notice(backend=backend.name, corpus=getattr(backend, "corpus", None),
                                       offline_model=offline_model)
        log.append(("writer", f"report with {len(report.findings)} findings and "
                              f"{len(report.open_questions)} open questions"))
        return {"report": report, "log": log}

    def next_worker(state: ResearchState) -> str:
        return END if state.get("next") == "FINISH" else state["next"]

    builder = StateGraph(ResearchState)
    builder.add_node("supervisor", supervisor)
    builder.add_node("start_search", start_search)
    builder.add_node("searcher", searcher)
    builder.add_node("tools", ToolNode(tools, handle_tool_errors=True))
    builder.add_node("collect", collect)
    builder.add_node("summariser", summariser)
    builder.add_node("writer", writer)
    builder.add_edge(START, "supervisor")
    builder.add_conditional_edges("supervisor", next_worker,
                                  {"searcher": "start_search", "summariser": "summariser", "writer": "writer",
                                   END: END})
    builder.add_edge("start_search", "searcher")
    builder.add_conditional_edges("searcher", after_searcher)
    builder.add_edge("tools", "searcher")
    builder.add_edge("collect", "supervisor")
    builder.add_edge("summariser", "supervisor")
    builder.add_edge("writer", "supervisor")
    return builder.compile(name="research-team")


def research(task: str, graph, *, config: dict[str, Any] | None = None,
             on_log: Callable[[str, str], None] | None = None) -> ResearchState:
    """Run the graph on a task; `on_log(agent, text)` sees every step as it happens."""
    task = " ".join(task.split())
    if not task:
        raise ValueError("the research task is empty")
    cfg = Configuration.from_runnable_config(config)
    # each supervisor round can take a searcher run of max_steps model/tool turns
    limit = 10 + cfg.max_rounds * (2 * cfg.max_steps + 6)
    state: dict[str, Any] = {}
    for mode, chunk in graph.stream({"task": task}, {**(config or {}), "recursion_limit": limit},
                                    stream_mode=["updates", "values"]):
        if mode == "values":
            state = chunk
        elif on_log is not None:
            for update in chunk.values():
                for agent, text in (update or {}).get("log", []):
                    on_log(agent, text)
    return state  # type: ignore[return-value]


def make_graph(config: RunnableConfig | None = None):
    """The graph LangGraph Studio opens (langgraph.json): the $LLM_PROVIDER model, $SEARCH_BACKEND search."""
    from .models import chat_model, is_offline

    model = chat_model()
    return build_graph(model, make_search(), offline_model=is_offline(model))
