"""`genai verify` and acceptance checks: the schema, the runner, the evidence, and where it shows.

The fast tests use a tiny project built in tmp_path: one real test file and acceptance commands
run with this interpreter (its `.venv/bin/python` is a two-line wrapper), so nothing is installed.
The slow test generates sql-agent and verifies it in a fresh environment (pip).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import MINI

from genai_roadmap import acceptance, state
from genai_roadmap.acceptance import AcceptanceError, parse_checks

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@x", "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}


@pytest.fixture(autouse=True)
def _lean_inner_pytest(request, monkeypatch):
    # The fake project's own pytest run needs no plugins; loading this environment's (playwright…)
    # would double the fast tests' CPU. The slow test runs a real project as a user would.
    if request.node.get_closest_marker("slow") is None:
        monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")


def git(project: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(project), *args], check=True, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV}).stdout


CHECKS = [
    {"name": "answers the sample question", "run": ["{python}", "-c", "print('the answer is 42')"],
     "expect": {"stdout_contains": ["answer is 42"]}},
    {"name": "declines what it cannot answer", "run": ["{python}", "-c", "import sys; sys.exit('cannot answer that')"],
     "expect": {"exit": 1, "stderr_contains": ["cannot answer"]}},
    {"name": "scores above its floor", "run": ["{python}", "-c", "import json; print(json.dumps({'m': {'r': [0.5]}}))"],
     "expect": {"json": {"m.r.0": {">=": 0.4}}}},
    {"name": "writes only into its own directory",
     "run": ["{python}", "-c", "import pathlib, sys; pathlib.Path(sys.argv[1], 'out.txt').write_text('x')", "{tmp}"],
     "expect": {}},
    {"name": "reads what the check before wrote",
     "run": ["{python}", "-c", "import pathlib, sys; print(pathlib.Path(sys.argv[1], 'out.txt').read_text())", "{tmp}"],
     "expect": {"stdout_contains": ["x"]}},
]


def make_project(root: Path, checks=CHECKS, test_body: str = "assert 6 * 7 == 42", template: str = "rag-chatbot") -> Path:
    """A committed project with one passing test, acceptance checks, and a .venv wrapping this Python."""
    project = root / "fake-project"
    (project / "tests").mkdir(parents=True)
    (project / "tests" / "test_it.py").write_text(f"def test_it():\n    {test_body}\n\n\ndef test_more():\n    pass\n")
    (project / ".genai.json").write_text(json.dumps({"template": template, "acceptance": checks}))
    (project / ".gitignore").write_text(".venv/\n")
    python = project / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    python.chmod(0o755)
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "start")
    return project


def verify(genai, project: Path, *more: str):
    return genai("verify", "rag-project", "--dir", str(project), "-r", str(MINI), *more)


def items(genai) -> dict:
    data = genai("status", "building", "-r", str(MINI), "--json").json()
    return {item["id"]: item for item in data["phase"]["items"]}


# --- the schema ---------------------------------------------------------------------------------
def test_a_valid_check_keeps_every_expectation():
    [check] = parse_checks([{"name": "n", "run": ["x", "ask", 3], "timeout": 5, "when": {"row_limit": 100},
                             "expect": {"exit": 1, "stdout_contains": "a", "stdout_excludes": ["b"],
                                        "stderr_contains": ["c"], "json": {"a.0": True, "b": {"<": 2}}}}])
    assert (check.run, check.exit, check.stdout_contains, check.timeout) == (["x", "ask", "3"], 1, ["a"], 5.0)
    assert check.json == {"a.0": True, "b": {"<": 2}} and check.when == {"row_limit": 100}


@pytest.mark.parametrize("raw, where", [
    ({"name": "n", "run": ["x"], "expect": {"exit": "0"}}, "acceptance[0].expect.exit"),
    ({"name": "n", "run": "x --flag", "expect": {}}, "acceptance[0].run"),
    ({"name": "n", "run": ["x"], "expect": {"stdout": ["a"]}}, "acceptance[0].expect: unknown field(s) stdout"),
    ({"name": "n", "run": ["x"], "expect": {"json": {"a": {"~": 1}}}}, "acceptance[0].expect.json.a"),
    ({"name": "n", "run": ["x"], "expect": {"json": {"a": {">=": float("nan")}}}}, "acceptance[0].expect.json.a.>="),
    ({"name": "n", "run": ["x"], "expect": {"json": {"a b": 1}}}, "acceptance[0].expect.json: 'a b'"),
    ({"name": "", "run": ["x"]}, "acceptance[0].name"),
    ({"name": "n", "run": ["x"], "timeout": 0}, "acceptance[0].timeout"),
    ({"name": "n", "run": ["x\n"]}, "acceptance[0].run[0]"),
    ({"name": "n", "run": ["x"], "shell": True}, "acceptance[0]: unknown field(s) shell"),
])
def test_a_wrong_check_names_its_field(raw, where):
    with pytest.raises(AcceptanceError) as caught:
        parse_checks([raw])
    assert str(caught.value).startswith(where)


def test_check_names_are_unique_and_checks_bounded():
    with pytest.raises(AcceptanceError, match="repeat: n"):
        parse_checks([{"name": "n", "run": ["x"]}, {"name": "n", "run": ["y"]}])
    with pytest.raises(AcceptanceError, match="at most"):
        parse_checks([{"name": f"n{i}", "run": ["x"]} for i in range(acceptance.MAX_CHECKS + 1)])


def test_answers_fill_the_command_and_when_picks_the_checks():
    checks = parse_checks([{"name": "a", "run": ["{project_slug}", "--out", "{tmp}", "{python}"]},
                           {"name": "b", "run": ["x"], "when": {"row_limit": [50, 100]}},
                           {"name": "c", "run": ["x"], "when": {"row_limit": 5}}])
    filled = acceptance.fill_answers(checks, {"project_slug": "my-agent", "row_limit": 100})
    assert [c.name for c in filled] == ["a", "b"]
    assert filled[0].run == ["my-agent", "--out", "{tmp}", "{python}"]
    with pytest.raises(AcceptanceError, match=r"'\{nope\}' is not an answer"):
        acceptance.fill_answers(parse_checks([{"name": "a", "run": ["{nope}"]}]), {})


def test_every_template_declares_valid_checks_that_reach_the_generated_project():
    from genai_roadmap import scaffold

    with_checks = 0
    for info in scaffold.list_templates():
        if not info.available:
            continue
        template = scaffold.load_template(info.id)
        answers = scaffold.resolve_answers(template, {}, None)
        record = scaffold.project_context(template, answers)["_genai"]["record"]
        if template.spec["acceptance"]:
            with_checks += 1
            assert record["acceptance"], info.id
            assert all("{project_slug}" not in " ".join(c["run"]) for c in record["acceptance"])
            assert parse_checks(record["acceptance"])  # what .genai.json holds parses again
    assert with_checks >= 8


def test_a_template_with_a_wrong_check_is_refused_with_its_file(tmp_path, monkeypatch):
    from genai_roadmap import paths, scaffold

    root = tmp_path / "templates"
    shutil.copytree(paths.project_templates_dir(), root)
    spec = root / "sql-agent" / "template.yaml"
    spec.write_text(spec.read_text() + "\n  - name: broken\n    run: [x]\n    expect: {exit: yes}\n")
    monkeypatch.setattr(scaffold, "templates_root", lambda: root)
    with pytest.raises(scaffold.TemplateError, match=r"template.yaml: acceptance\[\d+\]\.expect\.exit"):
        scaffold.load_template("sql-agent")


# --- the runner ---------------------------------------------------------------------------------
def check(raw: dict) -> acceptance.Check:
    return parse_checks([{"name": "n", **raw}])[0]


def test_the_judge_says_what_was_wrong():
    done = acceptance.Finished(0, '{"a": {"b": [1, 0.2]}}', "", 0.1)
    ok, detail = acceptance.judge(check({"run": ["x"], "expect": {"json": {"a.b.1": {">=": 0.3}, "a.c": 1}}}), done)
    assert not ok and detail == "a.b.1 is 0.2, expected >= 0.3; a.c is missing"
    ok, detail = acceptance.judge(check({"run": ["x"], "expect": {"json": {"a.b.0": True}}}), done)
    assert not ok and "expected True" in detail  # 1 is not true
    failed = acceptance.Finished(2, "", "Traceback…\nKeyError: 'x'\n", 0.1)
    ok, detail = acceptance.judge(check({"run": ["x"], "expect": {"stdout_contains": ["42"]}}), failed)
    assert not ok and detail == "exit 2, expected 0 (KeyError: 'x'); stdout lacks '42'"
    ok, detail = acceptance.judge(check({"run": ["x"], "expect": {"json": {"a": 1}}}), acceptance.Finished(0, "hi", "", 0))
    assert not ok and detail.startswith("stdout is not JSON")


def test_a_check_that_runs_too_long_is_killed_with_its_children(tmp_path):
    code = "import subprocess, sys, time; subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(30)']); time.sleep(30)"
    started = time.monotonic()
    result = acceptance.run_check(check({"run": ["{python}", "-c", code], "timeout": 0.5}), tmp_path,
                                  Path(sys.executable), tmp_path)
    assert not result.passed and result.detail == "timed out after 0.5 s (killed)"
    assert time.monotonic() - started < 10


def test_output_is_bounded(tmp_path):
    done = acceptance.run_bounded([sys.executable, "-c", "print('x' * 3_000_000 + 'END')"], tmp_path, dict(os.environ), 30)
    assert done.code == 0 and len(done.stdout) <= acceptance.OUTPUT_LIMIT and done.stdout.rstrip().endswith("END")


# --- genai verify -------------------------------------------------------------------------------
def test_a_working_project_is_verified_with_its_evidence(genai, tmp_path):
    project = make_project(tmp_path)
    genai("check", "rag-project", "--start", "-r", str(MINI))
    r = verify(genai, project, "--json")
    assert r.code == 0, r.out + r.err
    data = r.json()
    assert data["schema"] == "genai.verify/1"
    assert {"item", "project_dir", "verified", "commit", "tests", "acceptance"} <= set(data)
    head = git(project, "rev-parse", "HEAD").strip()
    assert (data["item"], data["project_dir"], data["verified"], data["commit"]) == ("rag-project", str(project), True, head)
    assert data["tests"]["passed"] == 2 and data["tests"]["failed"] == 0
    assert [(c["name"], c["passed"]) for c in data["acceptance"]] == [(c["name"], True) for c in CHECKS]
    assert not git(project, "status", "--porcelain").strip()  # checks wrote into their own {tmp}
    item = items(genai)["rag-project"]
    assert item["status"] == "done" and item["verified"] is True
    assert item["verification"]["commit"] == head and item["verification"]["tests"] == {"passed": 2, "failed": 0}
    assert item["verification"]["changed_since"] is None
    text = genai("status", "building", "-r", str(MINI)).out
    assert f"verified at {head[:7]}" in text and "changed since" not in text
    assert f"Evidence: verified at {head[:7]}" in genai("show", "rag-project", "-r", str(MINI)).out
    assert genai("show", "rag-project", "-r", str(MINI), "--json").json()["item"]["verified"]["commit"] == head
    # stats and every export format carry it
    assert genai("stats", "-r", str(MINI), "--json").json()["items"]["verified"] == 1
    exported = json.loads(genai("export", "--format", "json", "-r", str(MINI)).out)
    assert exported["summary"]["verified"] == 1
    assert next(i for i in exported["items"] if i["id"] == "rag-project")["verified"]["commit"] == head
    markdown = genai("export", "--format", "md", "-r", str(MINI)).out
    assert f"at {head[:7]}: 2 tests passed, 5/5 acceptance checks" in markdown and "1 verified by genai" in markdown
    import csv
    rows = {row["id"]: row for row in csv.DictReader(genai("export", "--format", "csv", "-r", str(MINI)).out.splitlines())}
    assert rows["rag-project"]["verified"] == "yes" and "5/5 acceptance checks" in rows["rag-project"]["verification"]
    assert rows["q-rag"]["verified"] == "no"


def test_a_failing_test_or_check_leaves_the_item_unverified_and_says_how_to_rerun(genai, tmp_path):
    broken_check = {"name": "answers exactly", "run": ["{python}", "-c", "print(41)"], "expect": {"stdout_contains": ["42"]}}
    project = make_project(tmp_path, CHECKS[:1] + [broken_check], test_body="assert 6 * 7 == 41")
    r = verify(genai, project)
    assert r.code == 1
    assert "tests: 1 passed, 1 failed" in r.out and "stdout lacks '42'" in r.out and "Not verified" in r.out
    assert "-m pytest -q" in r.out and "genai verify rag-project" in r.out
    assert "LLM_PROVIDER=fake .venv/bin/python -c 'print(41)'" in r.out
    item = items(genai)["rag-project"]
    assert item["verified"] is False and item["status"] != "done"
    assert item["verification"]["passed"] is False
    assert "last verification failed" in genai("status", "building", "-r", str(MINI)).out
    data = verify(genai, project, "--json").json()
    assert data["verified"] is False and data["tests"] == {**data["tests"], "passed": 1, "failed": 1}
    assert [c["passed"] for c in data["acceptance"]] == [True, False]
    assert genai("stats", "-r", str(MINI), "--json").json()["items"]["verified"] == 0


def test_a_project_changed_after_verification_says_so(genai, tmp_path):
    project = make_project(tmp_path)
    r = verify(genai, project)
    assert r.code == 0 and "tests: 2 passed, 0 failed" in r.out and "✔ answers the sample question" in r.out
    assert "Verified" in r.out
    (project / "tests" / "test_it.py").write_text("def test_it():\n    assert False\n")
    assert "changed since (uncommitted changes)" in genai("status", "building", "-r", str(MINI)).out
    git(project, "commit", "-qam", "break it")
    new = git(project, "rev-parse", "HEAD").strip()
    item = items(genai)["rag-project"]
    assert item["verification"]["changed_since"] == f"new commit {new[:7]}"
    assert "changed since (new commit" in genai("status", "building", "-r", str(MINI)).out


def test_the_recorded_project_and_the_one_in_progress_item_are_the_defaults(genai, tmp_path):
    project = make_project(tmp_path)
    r = genai("verify", "-r", str(MINI))
    assert r.code == 2 and "no project item is in progress" in r.err
    with state.update_state() as current:
        record = state.set_status(current, "mini", "rag-project", "in_progress")
        record["project_dir"] = str(project)
    r = genai("verify", "-r", str(MINI), "--json")
    assert r.code == 0, r.err
    assert r.json()["item"] == "rag-project"
    genai("check", "rag-project", "--undo", "-r", str(MINI))  # the evidence stays on record, uncounted
    assert genai("status", "-r", str(MINI), "--json").json()["verified"] == 0
    other = make_project(tmp_path / "elsewhere")
    r = genai("verify", "--dir", str(other), "-r", str(MINI), "--json")  # the item made from its template
    assert r.code == 0 and r.json()["item"] == "rag-project" and r.json()["project_dir"] == str(other)


def test_what_verify_refuses(genai, tmp_path):
    r = genai("verify", "python", "-r", str(MINI))
    assert r.code == 2 and "not a project item" in r.err
    r = genai("verify", "rag-project", "-r", str(MINI))
    assert r.code == 1 and "no project recorded" in r.err and "--dir" in r.err
    r = genai("verify", "rag-project", "--dir", str(tmp_path), "-r", str(MINI))
    assert r.code == 1 and "has no .genai.json" in r.err
    other = make_project(tmp_path / "other", template="sql-agent")
    r = genai("verify", "--dir", str(other), "-r", str(MINI))
    assert r.code == 2 and "no item of roadmap mini uses template 'sql-agent'" in r.err
    project = make_project(tmp_path, [{"name": "n", "run": "not a list"}])
    r = verify(genai, project)
    assert r.code == 1 and ".genai.json: acceptance[0].run" in r.err


def test_ticking_a_project_item_says_how_to_verify(genai):
    r = genai("check", "rag-project", "-r", str(MINI))
    assert r.code == 0 and "ticked, not verified" in r.out and "genai verify rag-project" in r.out
    assert "genai verify" not in genai("check", "python", "-r", str(MINI)).out
    assert "ticked, not verified: genai verify rag-project" in genai("status", "building", "-r", str(MINI)).out


def test_the_environment_is_created_once_under_the_cache_dir(genai_home, tmp_path, monkeypatch):
    from genai_roadmap.commands import verify as use_case

    project = tmp_path / "p"
    project.mkdir()
    (project / "pyproject.toml").write_text("[project]\nname = 'p'\n")
    ran = []

    def fake_install(argv, cwd, step, what):
        ran.append(argv[2:4])
        python = use_case.venv_python(use_case.cached_venv(project))
        python.parent.mkdir(parents=True, exist_ok=True)
        python.touch()

    monkeypatch.setattr(use_case, "_run_install", fake_install)
    python, how = use_case.environment(project, lambda text: None)
    assert python.is_relative_to(genai_home / "cache" / "verify-venvs") and "just installed" in how
    assert ran == [["venv", "--clear"], ["pip", "install"]]
    use_case.environment(project, lambda text: None)
    assert len(ran) == 2  # installed once
    (project / "pyproject.toml").write_text("[project]\nname = 'p'\ndependencies = ['x']\n")
    use_case.environment(project, lambda text: None)
    assert ran[2:] == [["pip", "install"]]  # a changed pyproject reinstalls into the same environment


def test_the_state_file_checks_the_evidence():
    good = {"verified": {"at": "2026-01-01T00:00:00+00:00", "by": "project", "commit": "abc", "passed": True,
                         "tests": {"passed": 3, "failed": 0}, "acceptance": [{"name": "n", "passed": True, "detail": "ok"}]}}
    assert list(state.record_problems(good)) == []
    bad = {"verified": {"commit": 5, "passed": "yes", "tests": {"passed": -1}, "acceptance": [{"name": "n"}]}}
    assert [path for path, _ in state.record_problems(bad)] == [
        ("verified", "commit"), ("verified", "passed"), ("verified", "tests", "passed"), ("verified", "acceptance", 0)]
    assert list(state.record_problems({"verified": [1]})) == [(("verified",), "is not true/false or an object of evidence")]


# --- end to end ---------------------------------------------------------------------------------
def status_item(genai, roadmap: str, item_id: str) -> dict:
    for phase in genai("status", "-r", roadmap, "--json").json()["phases"]:
        for item in genai("status", phase["id"], "-r", roadmap, "--json").json()["phase"]["items"]:
            if item["id"] == item_id:
                return item
    raise AssertionError(f"{item_id} is in no phase")


@pytest.mark.slow
@pytest.mark.parametrize("template,item_id,checks", [("sql-agent", "proj-sql-agent", 5),
                                                     ("rag-chatbot", "proj-rag-chatbot-enterprise-docs", 4)])
def test_a_generated_project_verifies_and_a_broken_copy_does_not(genai, tmp_path, template, item_id, checks):
    roadmap = "llm-systems"
    project = tmp_path / "sql"
    env = {**os.environ, **GIT_ENV}
    r = genai("new", template, str(project), "--no-input", "-r", roadmap, env=env)
    assert r.code == 0, r.err
    started = time.monotonic()
    r = genai("verify", item_id, "-r", roadmap, "--json")
    seconds = time.monotonic() - started
    assert r.code == 0, r.out + r.err
    data = r.json()
    assert data["item"] == item_id and data["verified"] and data["tests"]["failed"] == 0
    assert data["tests"]["passed"] > 10 and len(data["acceptance"]) >= checks
    assert all(check["passed"] for check in data["acceptance"])
    print(f"\ngenai verify {template}, fresh environment: {seconds:.1f} s")
    item = status_item(genai, roadmap, item_id)
    assert item["verified"] is True and item["status"] == "done" and item["verification"]["commit"] == data["commit"]

    broken = tmp_path / "broken"
    shutil.copytree(project, broken, symlinks=True)
    venv = Path(data["environment"]).parent.parent
    (broken / ".venv").symlink_to(venv)  # the same installed environment: only the copy's tests differ
    test_file = next((broken / "tests").glob("test_*.py"))
    test_file.write_text(test_file.read_text() + "\n\ndef test_deliberately_broken():\n    assert 1 == 2\n")
    started = time.monotonic()
    r = genai("verify", item_id, "--dir", str(broken), "-r", roadmap, "--json")
    print(f"genai verify of the broken copy (environment ready): {time.monotonic() - started:.1f} s")
    assert r.code == 1
    assert r.json()["verified"] is False and r.json()["tests"]["failed"] == 1
    assert status_item(genai, roadmap, item_id)["verified"] is False
