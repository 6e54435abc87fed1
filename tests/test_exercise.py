"""`genai exercise`: the exercises themselves (each fails as shipped, passes with its reference
solution), and list, start, check, hint and watch as a learner uses them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from genai_roadmap import paths
from genai_roadmap.commands import exercise
from genai_roadmap.exercise_check import run

SOLUTIONS = Path(__file__).parent / "data" / "exercise_solutions"
BUNDLED = paths.bundled_exercises_dir()
ROADMAPS = Path(__file__).resolve().parents[1] / "roadmap"


def solve(workspace: Path, exercise_id: str) -> Path:
    target = workspace / exercise_id / "exercise.py"
    shutil.copyfile(SOLUTIONS / f"{exercise_id}.py", target)
    return target


# --- the exercises as data ----------------------------------------------------------------------
def test_every_exercise_fails_as_shipped_and_passes_with_its_reference_solution():
    exercises = exercise.catalog()
    assert len(exercises) >= 40
    for ex in exercises:
        tests = ex.folder / "test_exercise.py"
        shipped = run(ex.folder / "exercise.py", tests)
        assert shipped["error"] is None, (ex.id, shipped["error"])  # the stub loads: the learner sees test failures
        assert shipped["tests"] and not all(t["passed"] for t in shipped["tests"]), f"{ex.id} passes as shipped"
        solved = run(SOLUTIONS / f"{ex.id}.py", tests)
        failing = [t for t in solved["tests"] if not t["passed"]]
        assert solved["error"] is None and solved["tests"] and not failing, (ex.id, solved["error"], failing)


def test_each_exercise_is_tied_to_a_real_item_of_its_phase_and_has_graded_hints():
    phases: dict[str, dict[str, set[str]]] = {}
    for ex in exercise.catalog():
        if ex.roadmap not in phases:
            data = yaml.load((ROADMAPS / f"{ex.roadmap}.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
            phases[ex.roadmap] = {p["id"]: {i["id"] for i in p["items"]} for p in data["phases"]}
        assert ex.item in phases[ex.roadmap].get(ex.phase, set()), f"{ex.id}: {ex.item} is not in {ex.roadmap}/{ex.phase}"
        assert len(ex.hints) >= 2 and all(h.strip() for h in ex.hints), ex.id
        assert set(p.name for p in ex.folder.iterdir() if p.suffix == ".py") == {"exercise.py", "test_exercise.py"}
    assert len(phases) == 5  # every bundled roadmap has exercises
    assert len({(ex.roadmap, ex.phase) for ex in exercise.catalog()}) >= 20


def test_the_readme_counts_the_exercises():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"rustlings for GenAI: {len(exercise.catalog())} small exercises" in readme


def test_reference_solutions_are_not_shipped():
    solutions = {p.read_text(encoding="utf-8") for p in SOLUTIONS.glob("*.py")}
    assert len(solutions) == len(exercise.catalog())
    shipped = {p.read_text(encoding="utf-8") for p in BUNDLED.rglob("*.py")}
    assert not solutions & shipped


# --- list and start -----------------------------------------------------------------------------
def test_list_shows_every_exercise_with_its_item_and_status(genai, tmp_path):
    data = genai("exercise", "list", "--json").json()
    assert data["schema"] == "genai.exercise.list/1"
    assert len(data["exercises"]) >= 40 and data["solved"] == 0
    first = data["exercises"][0]
    assert {"id", "title", "roadmap", "item", "phase", "status"} <= set(first)
    assert first["status"] == "new" and data["current"] == first["id"]
    genai("exercise", "start", "bpe-merge", "--dir", str(tmp_path))
    data = genai("exercise", "list", "--json").json()
    assert {e["id"]: e["status"] for e in data["exercises"]}["bpe-merge"] == "started"
    assert data["current"] == "bpe-merge"  # the exercise started last is the one check/watch work on
    text = genai("exercise", "list").out
    assert "bpe-merge" in text and "zero-to-hero:cc-tokenization" in text and "0/" in text


def test_list_one_roadmaps_exercises(genai):
    data = genai("exercise", "list", "-r", "llm-systems", "--json").json()
    assert data["exercises"] and {e["roadmap"] for e in data["exercises"]} == {"llm-systems"}
    assert data["current"] == data["exercises"][0]["id"]  # the current one of that roadmap
    result = genai("exercise", "list", "-r", "llm-system")
    assert result.code == 1 and "'llm-systems'" in result.err


def test_start_writes_the_files_and_never_overwrites_work(genai, tmp_path):
    result = genai("exercise", "start", "softmax", "--dir", str(tmp_path))
    assert result.code == 0, result.err
    mine = tmp_path / "softmax" / "exercise.py"
    assert mine.read_text() == (BUNDLED / "softmax" / "exercise.py").read_text()
    assert (tmp_path / "softmax" / "test_exercise.py").is_file()
    mine.write_text("# my work\n")
    again = genai("exercise", "start", "softmax", "--dir", str(tmp_path))
    assert again.code == 0 and "kept" in again.out and "never overwritten" in again.out
    assert mine.read_text() == "# my work\n"


def test_start_defaults_to_the_data_directory(genai, genai_home):
    genai("exercise", "start", "matmul")
    assert (paths.exercise_workspace() / "matmul" / "exercise.py").is_file()
    assert paths.exercise_workspace().is_relative_to(genai_home)


def test_unknown_exercise_suggests_the_closest(genai):
    result = genai("exercise", "start", "softmx")
    assert result.code == 1 and "no exercise 'softmx'" in result.err and "'softmax'" in result.err


# --- check --------------------------------------------------------------------------------------
def test_check_explains_the_first_failure_in_plain_words(genai, tmp_path):
    genai("exercise", "start", "dot-and-norm", "--dir", str(tmp_path))
    result = genai("exercise", "check", "dot-and-norm")  # the workspace was remembered at start
    assert result.code == 1
    assert "0/3 tests pass" in result.out
    assert "test_dot: not written yet: dot(a, b) is not written yet (exercise.py line" in result.out
    assert "hint 1 of 3: genai exercise hint dot-and-norm" in result.out

    (tmp_path / "dot-and-norm" / "exercise.py").write_text(
        "def dot(a, b):\n    print('debug:', a, b)\n    return 0\n\ndef norm(a):\n    return sum(x * x for x in a) ** 0.5\n")
    data = genai("exercise", "check", "--json").json()
    assert data["schema"] == "genai.exercise.check/1"
    assert data["passed"] is False and data["counts"] == {"passed": 1, "failed": 2}
    failure = data["first_failure"]
    assert (failure["name"], failure["kind"], failure["expected"], failure["got"]) == ("test_dot", "mismatch", "32", "0")
    assert data["explanation"] == "test_dot: dot([1, 2, 3], [4, 5, 6]): expected 32, but your code gave 0."
    assert "debug: [1, 2, 3] [4, 5, 6]" in data["output"]
    assert data["verified"] is None and data["hints"] == {"shown": 0, "total": 3}
    status = genai("status", "-r", "zero-to-hero", "--json").json()
    assert status["finished"] == 0


def test_a_syntax_error_names_its_line(genai, tmp_path):
    genai("exercise", "start", "matmul", "--dir", str(tmp_path))
    (tmp_path / "matmul" / "exercise.py").write_text("def matmul(A, B):\n    return [\n")
    result = genai("exercise", "check", "matmul")
    assert result.code == 1 and "exercise.py does not load: SyntaxError" in result.out


def test_a_renamed_function_is_named(genai, tmp_path):
    genai("exercise", "start", "matmul", "--dir", str(tmp_path))
    (tmp_path / "matmul" / "exercise.py").write_text("def mat_mul(A, B):\n    return []\n")
    result = genai("exercise", "check", "matmul")
    assert result.code == 1
    assert "The tests need something exercise.py does not define: cannot import name 'matmul'" in result.out


def test_solving_verifies_the_roadmap_item_and_marks_it_done(genai, tmp_path):
    genai("exercise", "start", "bm25", "--dir", str(tmp_path))
    solve(tmp_path, "bm25")
    result = genai("exercise", "check", "bm25")
    assert result.code == 0, result.out
    assert "passed" in result.out and "zero-to-hero: p4-hybrid-search is verified and done" in result.out
    record = json.loads(paths.state_file().read_text())["roadmaps"]["zero-to-hero"]["items"]["p4-hybrid-search"]
    assert record["status"] == "done"
    evidence = record["verified"]
    assert evidence["by"] == "exercise" and evidence["exercise"] == "bm25" and evidence["passed"] is True
    assert evidence["tests"] == {"passed": 3, "failed": 0} and evidence["at"]
    assert record["exercises"]["bm25"]["solved"]
    listed = genai("exercise", "list", "--json").json()
    assert {e["id"]: e["status"] for e in listed["exercises"]}["bm25"] == "solved" and listed["solved"] == 1
    data = genai("exercise", "check", "bm25", "--json").json()
    assert data["passed"] is True and data["verified"]["exercise"] == "bm25" and data["next"]


def test_check_of_an_exercise_not_started(genai, tmp_path):
    result = genai("exercise", "check", "rouge-l", "--dir", str(tmp_path))
    assert result.code == 1 and "not started" in result.err and "genai exercise start rouge-l" in result.err


def test_endless_loop_times_out(tmp_path):
    exercise.start("perplexity", tmp_path)
    (tmp_path / "perplexity" / "exercise.py").write_text("while True:\n    pass\n")
    result = exercise.check("perplexity", tmp_path, timeout=0.3)
    assert not result.passed and result.failure.kind == "timeout"
    assert "did not finish within 0.3 s" in result.failure.message


def test_output_is_bounded_and_control_characters_never_reach_the_terminal(genai, tmp_path):
    genai("exercise", "start", "perplexity", "--dir", str(tmp_path))
    (tmp_path / "perplexity" / "exercise.py").write_text(
        "import sys\nfor i in range(20000):\n    print('\\x1b[2J\\x1b]0;pwned\\x07 line', i)\n"
        "sys.stdout.flush()\n"
        "def perplexity(x):\n    raise ValueError('\\x1b[31mred\\x1b[0m')\n"
        "def cross_entropy(x):\n    return 0\n")
    result = genai("exercise", "check", "perplexity")
    assert result.code == 1
    assert "\x1b" not in result.out and "\x07" not in result.out
    assert "more lines" in result.out and len(result.out) < 20_000
    assert "your code raised ValueError" in result.out


# --- hint ---------------------------------------------------------------------------------------
def test_hints_are_graded_and_remembered(genai):
    hints = exercise.find("rouge-l").hints
    outs = [genai("exercise", "hint", "rouge-l").out for _ in range(len(hints) + 1)]
    for level, out in enumerate(outs[:-1], start=1):
        assert f"Hint {level} of {len(hints)}" in out and hints[level - 1] in out
    assert f"Hint {len(hints)} of {len(hints)}" in outs[-1] and "That was the last hint." in outs[-1]
    listed = genai("exercise", "list", "--json").json()
    assert {e["id"]: e["hints_shown"] for e in listed["exercises"]}["rouge-l"] == len(hints)


# --- watch --------------------------------------------------------------------------------------
def test_watch_rechecks_on_save_and_moves_to_the_next_exercise(tmp_path):
    exercise.start("dot-and-norm", tmp_path)
    target = tmp_path / "dot-and-norm" / "exercise.py"

    def saves():
        yield {(1, str(tmp_path / "dot-and-norm" / "notes.txt"))}  # another file: no re-check
        yield {(2, str(target))}  # saved unchanged: no re-check
        solve(tmp_path, "dot-and-norm")
        yield {(2, str(target))}

    events = []
    result = exercise.watch("dot-and-norm", tmp_path, events.append, changes=saves())
    kinds = [(e.kind, (e.check or e.start).exercise.id if e.check or e.start else None) for e in events]
    assert kinds == [("checked", "dot-and-norm"), ("checked", "dot-and-norm"), ("started", "matmul"),
                     ("checked", "matmul")]
    assert [e.check.passed for e in events if e.check] == [False, True, False]
    assert result.reason == "stopped" and result.checks == 3 and result.solved == ["dot-and-norm"]
    assert (tmp_path / "matmul" / "exercise.py").is_file()


def test_ctrl_c_stops_the_watch_cleanly(tmp_path):
    def interrupted():
        raise KeyboardInterrupt
        yield  # a generator, like watchfiles.watch

    events = []
    result = exercise.watch("matmul", tmp_path, events.append, changes=interrupted())
    assert result.reason == "stopped" and result.checks == 1
    assert [e.kind for e in events] == ["started", "checked"]


def test_ctrl_c_stops_the_watch_command_with_exit_0(tmp_path):
    import os
    import signal
    import subprocess

    from conftest import GENAI

    proc = subprocess.Popen([GENAI, "exercise", "watch", "matmul", "--dir", str(tmp_path)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "COLUMNS": "120"},
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        for line in proc.stdout:
            if line.startswith("Watching "):
                break
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert "Stopped watching after 1 check." in out and "Traceback" not in err and "KeyboardInterrupt" not in err


def test_watch_command_stops_cleanly_after_its_timeout(genai, tmp_path):
    result = genai("exercise", "watch", "layer-norm", "--dir", str(tmp_path), "--timeout", "0.3")
    assert result.code == 0, result.err
    assert "wrote" in result.out and "✘ not yet layer-norm" in result.out
    assert "Stopped watching after 1 check." in result.out


# --- the state file -----------------------------------------------------------------------------
@pytest.mark.parametrize("record, field", [
    ({"exercises": {"softmax": {"hints": -1}}}, "exercises.softmax.hints"),
    ({"exercises": []}, "exercises"),
    ({"verified": {"by": "exercise", "passed": "yes"}}, "verified.passed"),
    ({"verified": {"tests": {"passed": 1.5}}}, "verified.tests.passed"),
])
def test_a_damaged_exercise_record_is_refused_with_its_field(genai, record, field):
    state = {"schema_version": 1, "active_roadmap": None,
             "roadmaps": {"zero-to-hero": {"items": {"p0-calculus": record}}}}
    paths.state_file().parent.mkdir(parents=True, exist_ok=True)
    paths.state_file().write_text(json.dumps(state))
    result = genai("exercise", "list")
    assert result.code == 1 and f"p0-calculus.{field}'" in result.err


def test_raw_writes_to_stdout_are_capped(tmp_path):
    exercise.start("perplexity", tmp_path)
    (tmp_path / "perplexity" / "exercise.py").write_text(
        "import os\nchunk = b'x' * 1_000_000\nfor _ in range(100):\n    os.write(1, chunk)\n")
    result = exercise.check("perplexity", tmp_path)
    assert not result.passed and result.failure.name == "running the tests"
    assert "ended without a result: it wrote more than 16 MiB of output" in result.failure.message


def test_show_names_the_exercises_of_an_item(genai, tmp_path):
    out = genai("show", "p2-attention-mechanism", "-r", "zero-to-hero").out
    assert "Practise it: A numerically stable softmax (genai exercise start softmax)" in out
    genai("exercise", "start", "softmax", "--dir", str(tmp_path))
    solve(tmp_path, "softmax")
    assert genai("exercise", "check", "softmax").code == 0
    data = genai("show", "p2-attention-mechanism", "-r", "zero-to-hero", "--json").json()
    assert data["exercises"] == [{"id": "softmax", "title": "A numerically stable softmax", "status": "solved"}]
