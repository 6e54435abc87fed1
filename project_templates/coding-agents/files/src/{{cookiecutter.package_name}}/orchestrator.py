"""The orchestrator: runs a task in a throwaway copy of the workspace and asks before applying.

    plan ─▶ code ─▶ write tests ─▶ run tests ─┬─ fail ─▶ fix (coder) ─▶ run tests …
                                             └─ pass ─▶ review ─┬─ changes ─▶ fix ─▶ run tests …
                                                                └─ approve ─▶ human approval ─▶ apply

Every code → test cycle uses one iteration of the budget ({{ cookiecutter.max_iterations }} by default); when it is
used up, the run stops and nothing is applied. The user's folder changes only after approval. The
transcript and the patch (and the trace) are saved either way.
{%- if cookiecutter.framework == "langgraph" %}
The loop itself is the LangGraph graph in graph.py; this module is what surrounds it.
{%- else %}
This is the graph you would write in LangGraph (nodes: the agents; edges: the test and review
outcomes), spelled out in plain Python in `_run`.
{%- endif %}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .agents import Coder, Plan, Planner, Review, Reviewer, Tester
from .approval import ApprovalHook, Proposal, reject_all
{%- if cookiecutter.memory == "pgvector" %}
from .memory import Lesson, MemoryStore
{%- endif %}
from .providers import Provider
from .sandbox import TEST_COMMAND, RunResult, Sandbox, TempWorkspace
from .tracing import Tracing
from .transcript import Transcript
from .workspace import Change, WorkspaceError, apply_changes, changes, snapshot, unified_diff, write_files

MAX_ITERATIONS = {{ cookiecutter.max_iterations }}
LOG_DIR = ".coding-agents"


@dataclass
class Outcome:
    status: str  # "applied", "rejected" or "failed"
    reason: str
    plan: Plan | None = None
    iterations: int = 0
    test_runs: list[RunResult] = field(default_factory=list)
    review: Review | None = None
    changes: list[Change] = field(default_factory=list)
    patch: str = ""
    saved: list[Path] = field(default_factory=list)

    @property
    def applied(self) -> bool:
        return self.status == "applied"


class Team:
    def __init__(self, provider: Provider, sandbox: Sandbox, approve: ApprovalHook = reject_all,
                 max_iterations: int = MAX_ITERATIONS, transcript: Transcript | None = None,
                 tracing: Tracing | None = None{% if cookiecutter.memory == "pgvector" %}, memory: MemoryStore | None = None{% endif %}):
        if max_iterations < 1:
            raise ValueError("the iteration budget is at least 1")
        self.transcript = transcript or Transcript()
        self.tracing = tracing or Tracing()
        self.planner = Planner(provider, self.transcript, self.tracing)
        self.coder = Coder(provider, self.transcript, self.tracing)
        self.tester = Tester(provider, self.transcript, self.tracing)
        self.reviewer = Reviewer(provider, self.transcript, self.tracing)
        self.sandbox = sandbox
        self.approve = approve
        self.max_iterations = max_iterations
{%- if cookiecutter.memory == "pgvector" %}
        self.memory = memory
{%- endif %}

    def build(self, task: str, workspace: Path, log_dir: Path | None = None) -> Outcome:
        """Run the task against `workspace`; the transcript and patch go to `log_dir`
        (default: WORKSPACE/.coding-agents)."""
        if workspace.exists() and not workspace.is_dir():
            raise WorkspaceError(f"{workspace} is not a folder")
        before = snapshot(workspace) if workspace.is_dir() else {}
        note = self.transcript.add
        note("orchestrator", "note", f"Task: {task}\nWorkspace: {workspace} ({len(before)} files)\n"
                                     f"Sandbox: {self.sandbox.name} · budget: {self.max_iterations}")
        with self.tracing.span("build", task=task, sandbox=self.sandbox.name,
                               budget=self.max_iterations) as span, TempWorkspace(workspace) as work:
            try:
                outcome = self._run(task, work, before)
            except ValueError as exc:  # a reply without the JSON or the paths it needs
                outcome = Outcome("failed", f"an agent's reply could not be used: {exc}")
            after = snapshot(work)
            outcome.changes = changes(before, after)
            outcome.patch = unified_diff(before, after)
            if outcome.status == "pending":
                self._decide(task, workspace, before, after, outcome)
            span.update(status=outcome.status, iterations=outcome.iterations, files=len(outcome.changes))
        note("orchestrator", "note", f"{outcome.status}: {outcome.reason}")
{%- if cookiecutter.memory == "pgvector" %}
        if self.memory is not None and outcome.plan is not None and outcome.plan.steps:
            self.memory.remember(Lesson.of(task, outcome.status, outcome.reason,
                                           outcome.review.comments if outcome.review else []))
{%- endif %}
        outcome.saved = self._save(log_dir or workspace / LOG_DIR, outcome)
        return outcome

    def lessons(self, task: str) -> list[str]:
        """What the memory of past tasks says about similar ones (nothing without a memory)."""
{%- if cookiecutter.memory == "pgvector" %}
        if self.memory is None:
            return []
        found = [lesson.as_text() for lesson in self.memory.recall(task)]
        if found:
            self.transcript.add("memory", "note", "\n".join(found))
        return found
{%- else %}
        return []
{%- endif %}

    def run_tests(self, work: Path, iteration: int) -> RunResult:
        with self.tracing.span("sandbox.run", sandbox=self.sandbox.name, iteration=iteration) as span:
            result = self.sandbox.run(work, TEST_COMMAND)
            span.update(ok=result.ok, summary=result.summary, seconds=round(result.seconds, 3))
        command = " ".join(TEST_COMMAND)
        self.transcript.add("sandbox", "run", f"$ {command}\n{result.summary}\n\n{result.output}")
        return result

    def _run(self, task: str, work: Path, before: dict[str, str]) -> Outcome:
{%- if cookiecutter.framework == "langgraph" %}
        from .graph import run_graph

        return run_graph(self, task, work, before)
{%- else %}
        plan = self.planner.plan(task, before, self.lessons(task))
        outcome = Outcome("failed", "", plan)
        if not plan.steps:
            outcome.reason = f"the planner made no plan: {plan.summary or 'no reason given'}"
            return outcome
        self.write("coder", work, self.coder.write(task, plan, snapshot(work)))
        self.write("tester", work, self.tester.write_tests(task, plan, snapshot(work)))
        for iteration in range(1, self.max_iterations + 1):
            outcome.iterations = iteration
            result = self.run_tests(work, iteration)
            outcome.test_runs.append(result)
            if result.ok:
                outcome.review = self.reviewer.review(task, unified_diff(before, snapshot(work)), result)
                if outcome.review.approved:
                    outcome.status, outcome.reason = "pending", f"tests pass after {iteration} iteration(s)"
                    return outcome
            feedback = feedback_for(result, outcome.review)
            if iteration == self.max_iterations:
                outcome.reason = budget_reason(self.max_iterations, result)
                return outcome
            self.write("coder", work, self.coder.write(task, plan, snapshot(work), feedback))
        return outcome
{%- endif %}

    def write(self, agent: str, work: Path, files: dict[str, str | None]) -> None:
        touched = write_files(work, files)
        self.transcript.add(agent, "files", "wrote " + ", ".join(touched) if touched else "changed no file")

    def _decide(self, task: str, workspace: Path, before: dict[str, str], after: dict[str, str],
                outcome: Outcome) -> None:
        if not outcome.changes:
            outcome.status, outcome.reason = "failed", "the agents changed no file"
            return
        last = outcome.test_runs[-1] if outcome.test_runs else None
        decision = self.approve(Proposal(task, outcome.changes, outcome.patch, last, outcome.review))
        verdict = "approved" if decision.approved else "rejected"
        self.transcript.add("human", "decision", f"{verdict}: {decision.reason}")
        if decision.approved:
            workspace.mkdir(parents=True, exist_ok=True)
            apply_changes(workspace, before, after)
            outcome.status, outcome.reason = "applied", f"{outcome.reason}; {decision.reason}"
        else:
            outcome.status, outcome.reason = "rejected", decision.reason

    def _save(self, folder: Path, outcome: Outcome) -> list[Path]:
        saved = self.transcript.save(folder)
        patch = folder / "changes.patch"
        patch.write_text(outcome.patch, encoding="utf-8")
        return [*saved, patch]


def feedback_for(result: RunResult, review: Review | None) -> str:
    """What the coder is told after a test run: the failures, or the reviewer's comments."""
    if not result.ok:
        return f"The tests failed ({result.summary}):\n{result.output}"
    comments = review.comments if review else []
    return "Review comments:\n" + "\n".join(f"- {c}" for c in comments)


def budget_reason(budget: int, result: RunResult) -> str:
    why = "the reviewer still asks for changes" if result.ok else "the tests still fail"
    return f"the iteration budget ({budget}) is used up: {why}"
