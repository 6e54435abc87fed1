"""`genai exercise list|start|check|hint|watch`: small coding exercises that check themselves.

The exercises are package data (`exercises/manifest.yaml` and one folder per exercise holding
`exercise.py`, what the learner edits, and `test_exercise.py`). `start` copies both into a
workspace; `check` runs the *bundled* tests (not the copy, which the learner may edit) against the
learner's file in a subprocess with a timeout, through the stdlib runner `exercise_check.py`.

Progress lives in the state file, in the record of the roadmap item an exercise practises:

    "exercises": {"softmax": {"started": ISO, "dir": "/path/to/workspace", "hints": 2, "solved": ISO}}

and a solved exercise writes the shared `verified` evidence (by "exercise") and marks the item done.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from genai_roadmap import paths, state
from genai_roadmap.errors import GenaiError, NotFoundError

CHECK_TIMEOUT_SECONDS = 10.0
MAX_RUNNER_OUTPUT = 256 * 1024  # bytes of the runner's stdout / stderr we read (a print loop cannot flood us)
MAX_CHILD_FILE_BYTES = 16 * 1024 * 1024  # the most the learner's process may write to any one file
FILES = ("exercise.py", "test_exercise.py")


@dataclass(frozen=True)
class Exercise:
    id: str
    title: str
    roadmap: str
    item: str
    phase: str
    hints: tuple[str, ...]

    @property
    def folder(self) -> Path:
        return paths.bundled_exercises_dir() / self.id


@dataclass
class ExerciseRow:
    exercise: Exercise
    status: str  # "new", "started" or "solved"
    hints_shown: int


@dataclass
class ListResult:
    rows: list[ExerciseRow]
    workspace: Path
    current: Exercise | None  # what `check` / `watch` with no ID work on


@dataclass
class StartResult:
    exercise: Exercise
    directory: Path
    written: list[Path]
    kept: list[Path]  # files already there: the learner's work is never overwritten


@dataclass
class TestOutcome:
    name: str
    passed: bool
    kind: str = ""  # mismatch, not_written, assertion, error, timeout
    message: str = ""
    what: str | None = None
    expected: str | None = None
    got: str | None = None
    line: int | None = None


@dataclass
class CheckResult:
    exercise: Exercise
    file: Path
    passed: bool
    tests: list[TestOutcome]
    failure: TestOutcome | None  # the first failure, explained
    output: str  # what the learner's code printed (bounded)
    seconds: float
    hints_shown: int
    verified: dict[str, Any] | None  # the evidence written when it passed
    next: Exercise | None  # the next unsolved exercise
    newly_solved: bool = False

    @property
    def counts(self) -> tuple[int, int]:
        passed = sum(1 for t in self.tests if t.passed)
        return passed, len(self.tests) - passed


@dataclass
class HintResult:
    exercise: Exercise
    level: int
    total: int
    text: str
    repeated: bool  # every hint was already shown


@dataclass
class WatchEvent:
    kind: str  # "started", "checked", "all_done"
    start: StartResult | None = None
    check: CheckResult | None = None


@dataclass
class WatchResult:
    checks: int
    solved: list[str] = field(default_factory=list)
    reason: str = "stopped"  # "stopped" (Ctrl-C, --timeout) or "all_done"


# --- the catalog --------------------------------------------------------------------------------
_catalog: list[Exercise] | None = None


def catalog() -> list[Exercise]:
    """Every bundled exercise, in the order they are offered."""
    global _catalog
    if _catalog is None:
        import yaml

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # package data: trusted, and libyaml is 10x faster
        data = yaml.load((paths.bundled_exercises_dir() / "manifest.yaml").read_text(encoding="utf-8"), Loader=loader)
        _catalog = [Exercise(e["id"], e["title"], e["roadmap"], e["item"], e["phase"], tuple(e["hints"]))
                    for e in data["exercises"]]
    return _catalog


def find(exercise_id: str) -> Exercise:
    for exercise in catalog():
        if exercise.id == exercise_id:
            return exercise
    from genai_roadmap.problems import did_you_mean

    raise NotFoundError(f"no exercise {exercise_id!r}{did_you_mean(exercise_id, [e.id for e in catalog()])}",
                        hint="see them all with: genai exercise list")


def _records(current: dict[str, Any], exercise: Exercise) -> dict[str, Any]:
    record = state.roadmap_records(current, exercise.roadmap).get(exercise.item, {})
    entry = record.get("exercises", {}).get(exercise.id) if isinstance(record.get("exercises"), dict) else None
    return entry if isinstance(entry, dict) else {}


def _status(entry: dict[str, Any]) -> str:
    return "solved" if entry.get("solved") else "started" if entry.get("started") else "new"


def _current(current: dict[str, Any], pool: list[Exercise] | None = None) -> Exercise | None:
    """The most recently started unsolved exercise, else the first unsolved one (of `pool`, default all)."""
    pool = catalog() if pool is None else pool
    started = [(_records(current, e).get("started", ""), e) for e in pool
               if _status(_records(current, e)) == "started"]
    if started:
        return max(started, key=lambda pair: pair[0])[1]
    return next((e for e in pool if _status(_records(current, e)) != "solved"), None)


def _next_unsolved(current: dict[str, Any], after: Exercise | None) -> Exercise | None:
    exercises = catalog()
    start = exercises.index(after) + 1 if after else 0
    for exercise in exercises[start:] + exercises[:start]:
        if exercise is not after and _status(_records(current, exercise)) != "solved":
            return exercise
    return None


def _resolve(exercise_id: str | None, current: dict[str, Any]) -> Exercise:
    if exercise_id:
        return find(exercise_id)
    chosen = _current(current)
    if chosen is None:
        raise GenaiError("every exercise is solved", hint="see them with: genai exercise list")
    return chosen


def _workspace(directory: Path | None, entry: dict[str, Any] | None = None) -> Path:
    if directory is not None:
        return Path(directory).expanduser().resolve()
    if entry and isinstance(entry.get("dir"), str):
        return Path(entry["dir"])
    return paths.exercise_workspace()


def _entry_for_update(current: dict[str, Any], exercise: Exercise) -> dict[str, Any]:
    from genai_roadmap.roadmap import find_roadmap

    aliases = ()
    try:
        rm = find_roadmap(exercise.roadmap)
        aliases = next((item.aliases for item in rm.items if item.id == exercise.item), ())
    except GenaiError:
        pass  # the bundled roadmap is always there; a broken install still keeps the record
    record = state.item_record(current, exercise.roadmap, exercise.item, aliases)
    return record.setdefault("exercises", {}).setdefault(exercise.id, {})


# --- list, start, hint --------------------------------------------------------------------------
def for_item(roadmap_id: str, item_id: str, record: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(id, title, status) of the exercises that practise one item (for `genai show`)."""
    entries = record.get("exercises") if isinstance(record.get("exercises"), dict) else {}
    return [(e.id, e.title, _status(entries.get(e.id) if isinstance(entries.get(e.id), dict) else {}))
            for e in catalog() if e.roadmap == roadmap_id and e.item == item_id]


def list_exercises(directory: Path | None = None, roadmap: str | None = None) -> ListResult:
    """Every exercise (or those of one roadmap) with its status."""
    chosen = catalog()
    if roadmap:
        chosen = [e for e in chosen if e.roadmap == roadmap]
        if not chosen:
            from genai_roadmap.problems import did_you_mean

            roadmaps = sorted({e.roadmap for e in catalog()})
            raise NotFoundError(f"no exercises for the roadmap {roadmap!r}{did_you_mean(roadmap, roadmaps)}",
                                hint=f"exercises exist for: {', '.join(roadmaps)}")
    current = state.read_state()
    rows = []
    for exercise in chosen:
        entry = _records(current, exercise)
        rows.append(ExerciseRow(exercise, _status(entry), int(entry.get("hints", 0) or 0)))
    return ListResult(rows, _workspace(directory), _current(current, chosen))


def start(exercise_id: str | None, directory: Path | None = None) -> StartResult:
    current = state.read_state()
    exercise = _resolve(exercise_id, current)
    workspace = _workspace(directory, _records(current, exercise) if directory is None else None)
    return _start(exercise, workspace)


def _start(exercise: Exercise, workspace: Path) -> StartResult:
    from genai_roadmap import files

    target = workspace / exercise.id
    target.mkdir(parents=True, exist_ok=True)
    written, kept = [], []
    for name in FILES:
        path = target / name
        if path.exists() or path.is_symlink():
            kept.append(path)
            continue
        files.write_atomic(path, (exercise.folder / name).read_text(encoding="utf-8"))
        written.append(path)
    with state.update_state() as current:
        entry = _entry_for_update(current, exercise)
        entry.setdefault("started", state.now_iso())
        entry["dir"] = str(workspace)
    return StartResult(exercise, target, written, kept)


def hint(exercise_id: str | None) -> HintResult:
    """The next hint (1, then 2, …); the count is remembered, so the next call goes one further."""
    with state.update_state() as current:
        exercise = _resolve(exercise_id, current)
        entry = _entry_for_update(current, exercise)
        shown = int(entry.get("hints", 0) or 0)
        total = len(exercise.hints)
        repeated = shown >= total
        level = total if repeated else shown + 1
        entry["hints"] = level
    return HintResult(exercise, level, total, exercise.hints[level - 1], repeated)


# --- check --------------------------------------------------------------------------------------
def check(exercise_id: str | None, directory: Path | None = None,
          timeout: float = CHECK_TIMEOUT_SECONDS) -> CheckResult:
    current = state.read_state()
    exercise = _resolve(exercise_id, current)
    entry = _records(current, exercise)
    file = _workspace(directory, entry if directory is None else None) / exercise.id / "exercise.py"
    if not file.is_file():
        raise GenaiError(f"{file} does not exist: the exercise {exercise.id!r} is not started there",
                         hint=f"start it with: genai exercise start {exercise.id}"
                              + (f" --dir {directory}" if directory else ""))
    return _check(exercise, file, timeout)


def _check(exercise: Exercise, file: Path, timeout: float) -> CheckResult:
    began = time.monotonic()
    raw = run_tests(file, exercise.folder / "test_exercise.py", timeout)
    seconds = time.monotonic() - began
    tests = [TestOutcome(**{k: v for k, v in t.items() if k in TestOutcome.__dataclass_fields__})
             for t in raw.get("tests", [])]
    failure = None
    if raw.get("error"):
        failure = TestOutcome(**{k: v for k, v in raw["error"].items() if k in TestOutcome.__dataclass_fields__})
    elif not tests:
        failure = TestOutcome("running the tests", False, "error", "no test ran")
    else:
        failure = next((t for t in tests if not t.passed), None)
    passed = failure is None
    verified = None
    newly = False
    with state.update_state() as current:
        entry = _entry_for_update(current, exercise)
        entry.setdefault("started", state.now_iso())
        entry.setdefault("dir", str(file.parent.parent))
        if passed:
            newly = not entry.get("solved")
            at = state.now_iso()
            entry.setdefault("solved", at)
            record = state.item_record(current, exercise.roadmap, exercise.item)
            verified = _verify(record, exercise, at, len(tests))
            if record.get("status") != "done":
                state.set_status(current, exercise.roadmap, exercise.item, "done")
        hints_shown = int(entry.get("hints", 0) or 0)
        following = _next_unsolved(current, exercise)
    return CheckResult(exercise, file, passed, tests, failure, raw.get("output", ""), seconds, hints_shown,
                       verified, following, newly)


def _verify(record: dict[str, Any], exercise: Exercise, at: str, count: int) -> dict[str, Any]:
    evidence = {"at": at, "by": "exercise", "exercise": exercise.id, "passed": True,
                "tests": {"passed": count, "failed": 0}}
    existing = record.get("verified")
    # A passing project verification is stronger evidence than an exercise: keep it.
    if isinstance(existing, dict) and existing.get("by") == "project" and existing.get("passed") is not False:
        return existing
    record["verified"] = evidence
    return evidence


def run_tests(exercise_file: Path, tests_file: Path, timeout: float = CHECK_TIMEOUT_SECONDS) -> dict[str, Any]:
    """Run the tests in a subprocess of the same Python (isolated mode), bounded in time and output."""
    runner = Path(__file__).resolve().parent.parent / "exercise_check.py"
    from genai_roadmap.exercise_check import RESULT_MARKER

    env = {key: value for key, value in os.environ.items() if key in ("PATH", "SYSTEMROOT", "HOME", "TMPDIR", "LANG")}
    env.update(PYTHONDONTWRITEBYTECODE="1", PYTHONIOENCODING="utf-8")
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        try:
            proc = subprocess.run([sys.executable, "-I", str(runner), str(exercise_file), str(tests_file)],
                                  stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=str(exercise_file.parent),
                                  env=env, timeout=timeout, preexec_fn=_limit_file_size if os.name == "posix" else None)
        except subprocess.TimeoutExpired:
            return {"tests": [], "error": {"name": "running the tests", "passed": False, "kind": "timeout",
                                           "message": f"the tests did not finish within {timeout:g} s "
                                                      "(an endless loop, or waiting for input?)"}}
        out.seek(0, os.SEEK_END)
        size = out.tell()
        out.seek(max(0, size - MAX_RUNNER_OUTPUT))
        text = out.read().decode("utf-8", "replace")
        err.seek(0)
        errors = err.read(4000).decode("utf-8", "replace")
    marker = text.rfind(RESULT_MARKER)
    if marker != -1:
        try:
            return json.loads(text[marker + len(RESULT_MARKER):].splitlines()[0])
        except (ValueError, IndexError):
            pass
    import errno
    import signal

    # Python ignores SIGXFSZ, so hitting the limit shows as EFBIG ("File too large") on stderr.
    if proc.returncode == -getattr(signal, "SIGXFSZ", 0) or f"[Errno {errno.EFBIG}]" in errors:
        why = f"it wrote more than {MAX_CHILD_FILE_BYTES // 1024 ** 2} MiB of output"
    else:
        why = errors.strip().splitlines()[-1] if errors.strip() else f"exit code {proc.returncode}"
    return {"tests": [], "error": {"name": "running the tests", "passed": False, "kind": "error",
                                   "message": f"the test run ended without a result: {why}"}}


def _limit_file_size() -> None:
    # In the child, before the learner's code runs: a write loop on the raw stdout (os.write) is
    # stopped at this size instead of filling the disk; Python-level prints are bounded by the runner.
    import resource

    resource.setrlimit(resource.RLIMIT_FSIZE, (MAX_CHILD_FILE_BYTES, MAX_CHILD_FILE_BYTES))


# --- watch --------------------------------------------------------------------------------------
def watch(exercise_id: str | None, directory: Path | None, report: Callable[[WatchEvent], None],
          changes: Iterable[Iterable[tuple[Any, str]]] | None = None, timeout: float | None = None) -> WatchResult:
    """Check now, then again on every save of the exercise file; on a pass, start the next one.

    `changes` yields sets of (change, path) like `watchfiles.watch`; by default the workspace is
    watched with watchfiles until Ctrl-C (or `timeout` seconds).
    """
    current = state.read_state()
    exercise = _resolve(exercise_id, current)
    workspace = _workspace(directory, _records(current, exercise) if directory is None else None)
    result = WatchResult(0)
    if changes is None:
        changes = _watch_files(workspace, timeout)
    changes = iter(changes)
    try:
        return _watch_loop(exercise, workspace, report, changes, result)
    except KeyboardInterrupt:  # Ctrl-C during a check: stop as cleanly as between checks
        return result


def _watch_loop(exercise: Exercise, workspace: Path, report: Callable[[WatchEvent], None],
                changes: Iterator, result: WatchResult) -> WatchResult:
    while True:
        file = workspace / exercise.id / "exercise.py"
        if not file.is_file():
            report(WatchEvent("started", start=_start(exercise, workspace)))
        seen = _content(file)
        checked = _check(exercise, file, CHECK_TIMEOUT_SECONDS)
        result.checks += 1
        report(WatchEvent("checked", check=checked))
        if checked.passed:
            result.solved.append(exercise.id)
            if checked.next is None:
                result.reason = "all_done"
                report(WatchEvent("all_done"))
                return result
            exercise = checked.next
            continue
        if not _wait_for_save(changes, file, seen):
            return result


def _content(file: Path) -> bytes | None:
    try:
        return file.read_bytes()
    except OSError:
        return None


def _wait_for_save(changes: Iterable, file: Path, seen: bytes | None) -> bool:
    """Wait until `file` is saved with new content; False when the watch ends (Ctrl-C, timeout).

    Comparing content skips the events of our own writes (start) and of saves that changed nothing.
    """
    target = os.path.normcase(str(file.resolve()))
    for batch in changes:
        if any(os.path.normcase(str(Path(path).resolve())) == target for _, path in batch) and _content(file) != seen:
            return True
    return False


def _watch_files(workspace: Path, timeout: float | None):
    import threading

    import watchfiles  # lazy: only `watch` needs it

    workspace.mkdir(parents=True, exist_ok=True)
    stop = threading.Event()
    timer = None
    if timeout is not None:
        timer = threading.Timer(timeout, stop.set)
        timer.daemon = True
        timer.start()
    try:
        # Ctrl-C raises KeyboardInterrupt out of the generator; watch() turns it into a clean stop.
        yield from watchfiles.watch(workspace, stop_event=stop, debounce=300, rust_timeout=500)
    finally:
        if timer:
            timer.cancel()
