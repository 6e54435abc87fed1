from __future__ import annotations

import pytest

from {{ cookiecutter.package_name }}.agents import Planner, Reviewer, describe_files, parse_files
from {{ cookiecutter.package_name }}.providers import FakeProvider
from {{ cookiecutter.package_name }}.sandbox import RunResult
from {{ cookiecutter.package_name }}.transcript import Transcript
from {{ cookiecutter.package_name }}.workspace import WorkspaceError

REPLY = """Here you go.

FILE: pkg/mod.py
```python
def f():
    return "```not a fence```"
```

FILE: `tests/test_mod.py`
```
from pkg.mod import f
```
DELETE: old.py
"""


def test_files_are_parsed_from_the_reply():
    files = parse_files(REPLY)
    assert files == {"pkg/mod.py": 'def f():\n    return "```not a fence```"\n',
                     "tests/test_mod.py": "from pkg.mod import f\n", "old.py": None}
    assert parse_files("no files here") == {}


def test_a_reply_cannot_write_outside_the_workspace():
    with pytest.raises(WorkspaceError):
        parse_files("FILE: ../../home/me/.bashrc\n```\nrm -rf /\n```\n")


def test_a_plan_must_be_json():
    planner = Planner(FakeProvider(replies=["Sure, I will write it!"]), Transcript())
    with pytest.raises(ValueError, match="expected a JSON object"):
        planner.plan("task", {})


def test_the_workspace_is_shown_up_to_a_limit():
    assert describe_files({}) == "(the workspace is empty)"
    shown = describe_files({"a.py": "x" * 50, "b.py": "y" * 50, "c.py": "z"}, limit=80)
    assert shown.startswith("FILE: a.py") and "(… 2 more files not shown: b.py, c.py)" in shown


def test_planner_and_reviewer_read_json_and_log_their_messages():
    transcript = Transcript()
    fake = FakeProvider(replies=['{"summary": "s", "steps": ["one"], "files": ["a.py"]}',
                                 '{"verdict": "changes", "comments": ["name it better"]}'])
    plan = Planner(fake, transcript).plan("task", {})
    assert (plan.steps, plan.files) == (["one"], ["a.py"]) and "1. one" in plan.as_text()
    review = Reviewer(fake, transcript).review("task", "diff", RunResult(["pytest"], 0, "1 passed", 0.1))
    assert not review.approved and review.comments == ["name it better"]
    assert [e.agent for e in transcript.entries] == ["planner", "reviewer"]
    assert "Test result: 1 passed" in fake.calls[1][-1].content
