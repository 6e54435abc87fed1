"""The supervisor: each round it sees the team's progress and delegates to one sub-agent.

The model chooses (`Delegate: searcher | <instruction>`, `Delegate: reader`, `Delegate: writer` or
`FINISH`); the supervisor checks that the choice is possible now — no report before the new
sources are read, no finishing without a report — and otherwise follows the default order
search → read → write, saying so in the trace. A research run always ends with a report, even when
the rounds or the searcher's steps run out: what is missing becomes an open question.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .agents import Reader, Searcher, Writer
from .providers import Provider, system, user
from .react import MAX_STEPS, Step
from .report import Finding, Report, offline_notice
from .search import Document, SearchBackend
from .tools import ResearchTools

MAX_ROUNDS = 6
MAX_SEARCHER_RUNS = 3
DECISION = re.compile(r"^\s*Delegate\s*:\s*(searcher|reader|writer)\s*(?:\|\s*(.*))?$", re.I | re.M)
SUPERVISOR_ROLE = """You are the supervisor of a research team. You do not research yourself: each turn
you choose the worker who acts next.
Workers:
- searcher: searches and reads sources; tell it what to look for
- reader: turns the sources read so far into findings
- writer: writes the final report from the findings
Reply with one line: "Delegate: <worker> | <instruction>", or "FINISH" once the report is written."""


@dataclass
class Event:
    agent: str
    text: str


@dataclass
class Research:
    task: str
    report: Report
    events: list[Event] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class Supervisor:
    def __init__(self, provider: Provider, backend: SearchBackend, *, max_steps: int = MAX_STEPS,
                 max_rounds: int = MAX_ROUNDS, sleep: Callable[[float], None] = time.sleep,
                 on_event: Callable[[Event], None] | None = None):
        self.provider = provider
        self.backend = backend
        self.max_steps, self.max_rounds, self.sleep = max_steps, max_rounds, sleep
        self.on_event = on_event or (lambda event: None)

    def run(self, task: str) -> Research:
        task = " ".join(task.split())
        if not task:
            raise ValueError("the research task is empty")
        self.tools = ResearchTools(self.backend)
        self.research = Research(task, Report(title=task, summary=""))
        self.given_to_reader: set[str] = set()
        self.searcher_runs = 0
        self.report: Report | None = None
        for _ in range(self.max_rounds):
            worker, instruction = self.decide()
            if worker == "finish":
                break
            self.log("supervisor", f"delegates to the {worker}" + (f": {instruction}" if instruction else ""))
            getattr(self, worker)(instruction or task)
        if self.report is None:
            self.note(f"The supervisor used all {self.max_rounds} rounds; the report was written from what "
                      "the team had by then.")
            self.reader(task)
            self.writer(task)
        corpus = getattr(self.backend, "corpus", None)
        self.report.notice = offline_notice(backend=self.backend.name, corpus=corpus,
                                            offline_model=self.provider.name == "fake")
        self.research.report = self.report
        self.research.documents = list(self.tools.documents.values())
        return self.research

    # --- choosing the next worker ---------------------------------------------------------------
    def progress(self) -> str:
        unread = len(self.tools.documents.keys() - self.given_to_reader)
        return "\n".join([
            f"Task: {self.research.task}", "", "Progress:",
            f"- searcher runs: {self.searcher_runs}",
            f"- sources read: {len(self.tools.documents)}, of which not yet given to the reader: {unread}",
            f"- findings: {len(self.research.findings)}",
            f"- report: {'written' if self.report else 'not written'}",
        ])

    def allowed(self) -> list[str]:
        unread = bool(self.tools.documents.keys() - self.given_to_reader)
        options = []
        if self.searcher_runs < MAX_SEARCHER_RUNS and self.report is None:
            options.append("searcher")
        if unread:
            options.append("reader")
        if self.searcher_runs and not unread and self.report is None:
            options.append("writer")
        if self.report is not None:
            options.append("finish")
        return options

    def default_choice(self, allowed: list[str]) -> str:
        for worker in ("reader", "searcher", "writer", "finish"):
            if worker in allowed and (worker != "searcher" or not self.tools.documents):
                return worker
        return allowed[0] if allowed else "finish"

    def decide(self) -> tuple[str, str]:
        reply = self.provider.complete([system(SUPERVISOR_ROLE), user(self.progress())])
        match = DECISION.search(reply)
        choice = match.group(1).lower() if match else "finish" if "FINISH" in reply.upper() else ""
        allowed = self.allowed()
        if choice in allowed:
            return choice, (match.group(2) or "").strip() if match else ""
        fallback = self.default_choice(allowed)
        said = reply.strip().splitlines()[0][:80] if reply.strip() else "(nothing)"
        self.log("supervisor", f"cannot follow '{said}' now; the {fallback} goes next")
        return fallback, ""

    # --- the workers ----------------------------------------------------------------------------
    def searcher(self, instruction: str) -> None:
        self.searcher_runs += 1
        result = Searcher(self.provider, self.tools, max_steps=self.max_steps, sleep=self.sleep,
                          on_step=self.log_step).run(instruction)
        if result.stopped == "step budget":
            self.note(f"The searcher used its whole budget of {self.max_steps} steps; "
                      "more sources may exist.")
        for step in result.steps:
            if step.error and step.action == "read":
                self.note(f"Could not read {step.action_input}: {step.observation.removeprefix('Error: ')}")
        self.log("searcher", f"done ({result.stopped}): {len(self.tools.documents)} sources read so far")

    def reader(self, task: str) -> None:
        reader = Reader(self.provider)
        for url, document in self.tools.documents.items():
            if url in self.given_to_reader:
                continue
            self.given_to_reader.add(url)
            findings = reader.run(self.research.task, document)
            self.research.findings += findings
            self.log("reader", f"{len(findings)} finding{'' if len(findings) == 1 else 's'} from {url}")

    def writer(self, task: str) -> None:
        writer = Writer(self.provider)
        documents = list(self.tools.documents.values())
        self.report = writer.run(self.research.task, self.research.findings, documents, self.research.notes)
        for problem in writer.problems:
            self.log("writer", f"reply rejected: {problem}")
        self.log("writer", f"report with {len(self.report.findings)} findings and "
                           f"{len(self.report.open_questions)} open questions")

    # --- the trace ------------------------------------------------------------------------------
    def note(self, text: str) -> None:
        self.research.notes.append(text)

    def log(self, agent: str, text: str) -> None:
        event = Event(agent, text)
        self.research.events.append(event)
        self.on_event(event)

    def log_step(self, step: Step) -> None:
        if step.thought:
            self.log("searcher", f"Thought: {step.thought}")
        if step.action:
            lines = step.observation.splitlines() or [""]
            hits = sum(line.startswith("[") for line in lines)
            outcome = f"{hits} results" if step.action == "search" and hits else lines[0]
            retries = f" ({step.retries} retries)" if step.retries else ""
            self.log("searcher", f"Action: {step.action}[{step.action_input}] → {outcome}{retries}")
        elif step.error:
            self.log("searcher", step.observation)
