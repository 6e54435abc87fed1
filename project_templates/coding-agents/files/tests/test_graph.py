"""The LangGraph graph of the team, driven by LangChain's FakeListChatModel (scripted replies)."""

from __future__ import annotations

from langchain_core.language_models.fake_chat_models import FakeListChatModel

from {{ cookiecutter.package_name }}.approval import approve_all
from {{ cookiecutter.package_name }}.chat import ChatProvider
from {{ cookiecutter.package_name }}.graph import build_graph
from {{ cookiecutter.package_name }}.orchestrator import Team
from {{ cookiecutter.package_name }}.sandbox import RunResult

PLAN = '{"summary": "add", "steps": ["write add"], "files": ["calc.py"]}'
CODE = "FILE: calc.py\n```python\ndef add(a, b):\n    return a - b\n```\n"
FIXED = "FILE: calc.py\n```python\ndef add(a, b):\n    return a + b\n```\n"
TESTS = ("FILE: tests/test_calc.py\n```python\nfrom calc import add\n\n\n"
         "def test_add():\n    assert add(1, 2) == 3\n```\n")
APPROVE = '{"verdict": "approve", "comments": ["fine"]}'


class ScriptedSandbox:
    name = "scripted"

    def __init__(self, *codes: int):
        self.codes = list(codes)

    def run(self, workdir, command):
        code = self.codes.pop(0)
        return RunResult(command, code, "1 failed" if code else "1 passed", 0.01)


def team(replies: list[str], *codes: int, budget: int = 3) -> tuple[Team, ChatProvider]:
    provider = ChatProvider(FakeListChatModel(responses=replies))
    return Team(provider, ScriptedSandbox(*codes), approve_all, budget), provider


def test_the_graph_has_one_node_per_agent_and_the_test_run(tmp_path):
    graph = build_graph(team([])[0], tmp_path, {})
    assert {"planner", "coder", "tester", "run_tests", "reviewer"} <= set(graph.get_graph().nodes)


def test_a_failing_test_goes_back_to_the_coder_then_the_reviewer_approves(tmp_path):
    coding, provider = team([PLAN, CODE, TESTS, FIXED, APPROVE], 1, 0)
    outcome = coding.build("add numbers", tmp_path)
    assert outcome.status == "applied" and outcome.iterations == 2
    agents = [e.agent for e in coding.transcript.entries if e.kind in ("message", "run")]
    assert agents == ["planner", "coder", "tester", "sandbox", "coder", "sandbox", "reviewer"]
    assert provider.calls[3][-1].content.count("The tests failed (1 failed)") == 1  # the fix saw the failure
    assert "return a + b" in (tmp_path / "calc.py").read_text()


def test_the_budget_ends_the_graph_and_nothing_is_applied(tmp_path):
    coding, _ = team([PLAN, CODE, TESTS], 1, budget=1)
    outcome = coding.build("add numbers", tmp_path)
    assert outcome.status == "failed"
    assert outcome.reason == "the iteration budget (1) is used up: the tests still fail"
    assert not (tmp_path / "calc.py").exists()


def test_review_changes_cost_an_iteration(tmp_path):
    changes = '{"verdict": "changes", "comments": ["name the arguments"]}'
    coding, provider = team([PLAN, FIXED, TESTS, changes, FIXED, APPROVE], 0, 0)
    outcome = coding.build("add numbers", tmp_path)
    assert outcome.status == "applied" and outcome.iterations == 2 and outcome.review.comments == ["fine"]
    assert "Review comments:\n- name the arguments" in provider.calls[4][-1].content


def test_no_plan_ends_the_graph_before_any_code(tmp_path):
    coding, provider = team(['{"summary": "I cannot do that", "steps": []}'])
    outcome = coding.build("do the impossible", tmp_path)
    assert outcome.status == "failed" and outcome.reason == "the planner made no plan: I cannot do that"
    assert len(provider.calls) == 1


def test_langgraph_json_opens_the_graph_in_a_temporary_folder(tmp_path, monkeypatch):
    import json
    import tempfile
    from pathlib import Path

    from {{ cookiecutter.package_name }}.graph import studio_graph

    spec = json.loads((Path(__file__).parents[1] / "langgraph.json").read_text())
    assert spec["graphs"]["coding_team"].endswith("graph.py:studio_graph")
    monkeypatch.setattr(tempfile, "mkdtemp", lambda prefix: str(tmp_path))
    assert "planner" in studio_graph().get_graph().nodes
