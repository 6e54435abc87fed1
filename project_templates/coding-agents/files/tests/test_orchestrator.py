from __future__ import annotations

import json

import pytest

from {{ cookiecutter.package_name }}.approval import approve_all, reject_all
from {{ cookiecutter.package_name }}.offline import offline_brain
from {{ cookiecutter.package_name }}.orchestrator import MAX_ITERATIONS, Team
from {{ cookiecutter.package_name }}.providers import FakeProvider
from {{ cookiecutter.package_name }}.sandbox import RunResult, SubprocessSandbox
from {{ cookiecutter.package_name }}.workspace import snapshot

SLUGIFY = "add a function slugify with tests"


class ScriptedSandbox:
    """Test runs with outcomes given in advance: no subprocess, instant."""

    name = "scripted"

    def __init__(self, *codes: int):
        self.codes = list(codes)
        self.runs = 0

    def run(self, workdir, command):
        self.runs += 1
        code = self.codes.pop(0)
        return RunResult(command, code, "1 failed" if code else "1 passed", 0.01)


def offline_team(sandbox, approve=approve_all, budget=4) -> Team:
    return Team(FakeProvider(brain=offline_brain), sandbox, approve, budget)


@pytest.fixture(scope="module")
def slugify_run(tmp_path_factory):
    """The offline end-to-end run, once: plan → code → failing tests → fix → pass → review → apply."""
    workspace = tmp_path_factory.mktemp("project")
    (workspace / "README.md").write_text("# My project\n")
    team = offline_team(SubprocessSandbox(timeout=60))
    return team, team.build(SLUGIFY, workspace), workspace


def test_the_offline_team_goes_from_failure_to_an_applied_fix(slugify_run):
    team, outcome, workspace = slugify_run
    assert outcome.status == "applied" and outcome.iterations == 2
    assert [run.ok for run in outcome.test_runs] == [False, True]
    assert "3 failed, 2 passed" in outcome.test_runs[0].summary
    assert "5 passed" in outcome.test_runs[1].summary
    steps = [(e.agent, e.kind) for e in team.transcript.entries]
    assert steps == [("orchestrator", "note"), ("planner", "message"), ("coder", "message"),
                     ("coder", "files"), ("tester", "message"), ("tester", "files"), ("sandbox", "run"),
                     ("coder", "message"), ("coder", "files"), ("sandbox", "run"), ("reviewer", "message"),
                     ("human", "decision"), ("orchestrator", "note")]
    assert "The tests failed" in team.coder.provider.calls[3][-1].content  # the coder saw the failures


def test_the_approved_files_and_the_logs_are_in_the_workspace(slugify_run):
    _, outcome, workspace = slugify_run
    files = snapshot(workspace)
    assert set(files) == {"README.md", "textkit/__init__.py", "textkit/slugify.py", "tests/test_slugify.py"}
    assert "unicodedata" in files["textkit/slugify.py"]
    changed = [c.path for c in outcome.changes]
    assert changed == ["tests/test_slugify.py", "textkit/__init__.py", "textkit/slugify.py"]
    logs = workspace / ".coding-agents"
    assert (logs / "changes.patch").read_text() == outcome.patch
    assert "+++ b/textkit/slugify.py" in outcome.patch
    lines = (logs / "transcript.jsonl").read_text().splitlines()
    assert json.loads(lines[1])["agent"] == "planner" and (logs / "transcript.md").exists()


def test_a_second_offline_task_works_too(tmp_path):
    outcome = offline_team(SubprocessSandbox(timeout=60)).build(
        "add a function to_roman that converts integers to Roman numerals, with tests", tmp_path)
    assert outcome.status == "applied" and [r.ok for r in outcome.test_runs] == [False, True]
    assert "MCMXCIV" in (tmp_path / "tests" / "test_roman.py").read_text()


def test_a_rejected_change_leaves_the_workspace_alone(tmp_path):
    (tmp_path / "README.md").write_text("# mine\n")
    outcome = offline_team(ScriptedSandbox(1, 0), approve=reject_all).build(SLUGIFY, tmp_path)
    assert outcome.status == "rejected" and outcome.reason == "rejected automatically"
    assert snapshot(tmp_path) == {"README.md": "# mine\n"}
    assert "+++ b/textkit/slugify.py" in (tmp_path / ".coding-agents" / "changes.patch").read_text()


def test_the_iteration_budget_stops_the_run(tmp_path):
    sandbox = ScriptedSandbox(1, 1, 1)
    outcome = offline_team(sandbox, budget=2).build(SLUGIFY, tmp_path / "new")
    assert outcome.status == "failed" and "budget (2) is used up: the tests still fail" in outcome.reason
    assert sandbox.runs == 2 and not (tmp_path / "new" / "textkit").exists()


def test_review_comments_go_back_to_the_coder(tmp_path):
    code = "FILE: calc.py\n```python\ndef add(a, b):\n    return a + b\n```\n"
    fake = FakeProvider(replies=[
        '{"summary": "add", "steps": ["write add"], "files": ["calc.py"]}', code,
        "FILE: tests/test_calc.py\n```python\nfrom calc import add\n\n\n"
        "def test_add():\n    assert add(1, 2) == 3\n```\n",
        '{"verdict": "changes", "comments": ["add a docstring"]}',
        code.replace("    return", '    """The sum."""\n    return'),
        '{"verdict": "approve", "comments": []}'])
    outcome = Team(fake, ScriptedSandbox(0, 0), approve_all, 3).build("add numbers", tmp_path)
    assert outcome.status == "applied" and outcome.iterations == 2
    assert "Review comments:\n- add a docstring" in fake.calls[4][-1].content
    assert '"""The sum."""' in (tmp_path / "calc.py").read_text()


def test_an_unknown_task_or_a_bad_reply_fails_cleanly(tmp_path):
    outcome = offline_team(ScriptedSandbox()).build("write a compiler", tmp_path)
    assert outcome.status == "failed" and "the planner made no plan: Offline" in outcome.reason
    fake = FakeProvider(replies=['{"summary": "x", "steps": ["y"]}', "FILE: ../escape.py\n```\nx\n```\n"])
    outcome = Team(fake, ScriptedSandbox()).build("anything", tmp_path)
    assert outcome.status == "failed" and "could not be used" in outcome.reason
    assert not (tmp_path.parent / "escape.py").exists()


def test_the_default_budget_comes_from_the_template():
    assert Team(FakeProvider(), ScriptedSandbox()).max_iterations == MAX_ITERATIONS >= 1
    with pytest.raises(ValueError, match="at least 1"):
        Team(FakeProvider(), ScriptedSandbox(), max_iterations=0)
