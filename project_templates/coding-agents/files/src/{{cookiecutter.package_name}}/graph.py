"""The team's loop as a LangGraph graph: one node per agent, edges on the test and review outcomes.

    START → planner ─┬─ no plan ─────────────────────────────────────────────▶ END
                     └▶ coder ─▶ tester ─▶ run_tests ─┬─ pass ─▶ reviewer ─┬─ approve ─▶ END
                          ▲   (first time only)       │                    └─ changes ─┐
                          └───────── fix ◀────────────┴─ fail (budget left) ◀──────────┘
                                                       budget used up ─▶ END

The nodes call the agents of agents.py (each a LangChain chat model with its own system prompt,
see chat.py) and the team's sandbox; the graph only decides who acts next. The orchestrator
around it (orchestrator.py) makes the throwaway workspace, asks for approval and saves the
transcript, so nothing here touches the user's folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypedDict

from langgraph.graph import END, START, StateGraph

from .agents import Plan, Review
from .orchestrator import Outcome, budget_reason, feedback_for
from .sandbox import RunResult
from .workspace import snapshot, unified_diff

if TYPE_CHECKING:
    from .orchestrator import Team


class BuildState(TypedDict, total=False):
    task: str
    plan: Plan
    iteration: int  # code → test cycles so far
    tests_written: bool
    feedback: str  # for the coder's next version: test failures or review comments
    runs: list[RunResult]
    review: Review | None
    status: str  # "pending" (tests pass, review approves: ask the human) or "failed"
    reason: str


def build_graph(team: Team, work: Path, before: dict[str, str]):
    """The compiled graph for one build of `team` in the throwaway workspace `work`."""

    def planner(state: BuildState) -> dict[str, Any]:
        plan = team.planner.plan(state["task"], before, team.lessons(state["task"]))
        if not plan.steps:
            return {"plan": plan, "status": "failed",
                    "reason": f"the planner made no plan: {plan.summary or 'no reason given'}"}
        return {"plan": plan}

    def coder(state: BuildState) -> dict[str, Any]:
        files = team.coder.write(state["task"], state["plan"], snapshot(work), state.get("feedback", ""))
        team.write("coder", work, files)
        return {}

    def tester(state: BuildState) -> dict[str, Any]:
        team.write("tester", work, team.tester.write_tests(state["task"], state["plan"], snapshot(work)))
        return {"tests_written": True}

    def run_tests(state: BuildState) -> dict[str, Any]:
        iteration = state.get("iteration", 0) + 1
        result = team.run_tests(work, iteration)
        update: dict[str, Any] = {"iteration": iteration, "runs": [*state.get("runs", []), result]}
        if not result.ok:
            update["feedback"] = feedback_for(result, None)
            if iteration >= team.max_iterations:
                update.update(status="failed", reason=budget_reason(team.max_iterations, result))
        return update

    def reviewer(state: BuildState) -> dict[str, Any]:
        result = state["runs"][-1]
        review = team.reviewer.review(state["task"], unified_diff(before, snapshot(work)), result)
        if review.approved:
            return {"review": review, "status": "pending",
                    "reason": f"tests pass after {state['iteration']} iteration(s)"}
        update: dict[str, Any] = {"review": review, "feedback": feedback_for(result, review)}
        if state["iteration"] >= team.max_iterations:
            update.update(status="failed", reason=budget_reason(team.max_iterations, result))
        return update

    def after_planner(state: BuildState) -> Literal["coder", "__end__"]:
        return END if state.get("status") else "coder"

    def after_coder(state: BuildState) -> Literal["tester", "run_tests"]:
        return "run_tests" if state.get("tests_written") else "tester"

    def after_tests(state: BuildState) -> Literal["reviewer", "coder", "__end__"]:
        if state.get("status"):
            return END
        return "reviewer" if state["runs"][-1].ok else "coder"

    def after_review(state: BuildState) -> Literal["coder", "__end__"]:
        return END if state.get("status") else "coder"

    builder = StateGraph(BuildState)
    for name, node in (("planner", planner), ("coder", coder), ("tester", tester), ("run_tests", run_tests),
                       ("reviewer", reviewer)):
        builder.add_node(name, node)
    builder.add_edge(START, "planner")
    builder.add_conditional_edges("planner", after_planner)
    builder.add_conditional_edges("coder", after_coder)
    builder.add_edge("tester", "run_tests")
    builder.add_conditional_edges("run_tests", after_tests)
    builder.add_conditional_edges("reviewer", after_review)
    return builder.compile(name="coding-team")


def run_graph(team: Team, task: str, work: Path, before: dict[str, str]) -> Outcome:
    """Run the graph for `task` and turn its final state into the orchestrator's Outcome."""
    graph = build_graph(team, work, before)
    # planner, coder, tester, then per iteration: run_tests, reviewer, coder
    limit = 10 + 3 * team.max_iterations
    state: BuildState = graph.invoke({"task": task}, {"recursion_limit": limit})
    runs = state.get("runs", [])
    return Outcome(state.get("status", "failed"), state.get("reason", ""), state.get("plan"),
                   state.get("iteration", 0), runs, state.get("review"))


def studio_graph(config: dict | None = None):
    """The graph LangGraph Studio opens (langgraph.json), for input {"task": "..."}. It works in an
    empty temporary folder and never applies anything: builds of your code go through the command line,
    which asks before it changes a file."""
    import tempfile

    from .chat import ChatProvider, chat_model
    from .orchestrator import Team
    from .sandbox import make_sandbox

    team = Team(ChatProvider(chat_model()), make_sandbox()[0])
    return build_graph(team, Path(tempfile.mkdtemp(prefix="coding-agents-studio-")), {})
