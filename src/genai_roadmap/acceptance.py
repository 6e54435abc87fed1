"""Acceptance checks: commands with expected results that prove a generated project does its job.

A template declares them in its template.yaml; `genai new` carries them into the project's
`.genai.json`; `genai verify` runs them (with the project's tests) in the project's environment.

    acceptance:
      - name: answers a sample question exactly
        run: ["{project_slug}", "ask", "How many customers are there?"]
        expect:
          exit: 0                              # default 0
          stdout_contains: ["12"]              # each must appear in stdout
          stdout_excludes: ["Traceback"]       # none may appear in stdout
          stderr_contains: ["cannot answer"]   # each must appear in stderr
          json: {"strategies.0.rouge1": {">=": 0.3}, "ok": true}   # stdout parsed as JSON
        timeout: 120                           # seconds, default 120, at most 1800
        when: {scale_max: 5}                   # only for projects made with these answers

In `run`, `{ANSWER}` (an answer of the template's questions, e.g. `{project_slug}`) is filled in
by `genai new`; `{python}` (the environment's Python) and `{tmp}` (a scratch directory shared by
the checks of one run, in order, so `ingest --index {tmp}/index` then `ask --index {tmp}/index`
works and no check writes into the project) are filled in when the check runs. The first word is
looked up in the environment's scripts first. Checks run offline: `LLM_PROVIDER=fake`.
"""

from __future__ import annotations

import math
import os
import re
import signal
import subprocess
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

MAX_CHECKS = 20
MAX_ARGS = 40
MAX_TEXT = 500  # characters of a name, an argument or an expected string
DEFAULT_TIMEOUT = 120.0
MAX_TIMEOUT = 1800.0
OUTPUT_LIMIT = 1024 * 1024  # bytes of stdout/stderr kept from a check or the test run
DETAIL_LIMIT = 300  # characters of a result's detail kept in the progress record
OPERATORS = {">=": lambda a, b: a >= b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b,
             "<": lambda a, b: a < b, "==": lambda a, b: a == b}
EXPECT_KEYS = ("exit", "stdout_contains", "stdout_excludes", "stderr_contains", "json")
CHECK_KEYS = ("name", "run", "expect", "timeout", "when")
_ANSWER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
RUNTIME_NAMES = ("python", "tmp")


class AcceptanceError(ValueError):
    """A check declared wrongly; the message starts with the field path (`acceptance[1].expect.exit`)."""


@dataclass
class Check:
    name: str
    run: list[str]
    exit: int = 0
    stdout_contains: list[str] = field(default_factory=list)
    stdout_excludes: list[str] = field(default_factory=list)
    stderr_contains: list[str] = field(default_factory=list)
    json: dict[str, Any] = field(default_factory=dict)
    timeout: float = DEFAULT_TIMEOUT
    when: dict[str, Any] = field(default_factory=dict)  # answers the check depends on (at `genai new`)

    def as_data(self) -> dict[str, Any]:
        """The declared form again, as written into `.genai.json`."""
        expect = {"exit": self.exit}
        for key in ("stdout_contains", "stdout_excludes", "stderr_contains", "json"):
            if getattr(self, key):
                expect[key] = getattr(self, key)
        return {"name": self.name, "run": list(self.run), "expect": expect, "timeout": self.timeout}


@dataclass
class CheckResult:
    name: str
    passed: bool
    detail: str
    seconds: float = 0.0
    command: str = ""  # as a user would type it, to rerun by hand

    def as_record(self) -> dict[str, Any]:
        return {"name": self.name, "passed": self.passed, "detail": self.detail}


# --- the schema ---------------------------------------------------------------------------------
def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise AcceptanceError(f"{where}: must be a non-empty string")
    if len(value) > MAX_TEXT or any(ord(c) < 32 and c not in "\t" for c in value):
        raise AcceptanceError(f"{where}: must be one line of at most {MAX_TEXT} characters")
    return value


def _texts(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise AcceptanceError(f"{where}: must be a list of strings")
    return [_text(v, f"{where}[{i}]") for i, v in enumerate(value)]


def _number(value: Any, where: str) -> float | int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise AcceptanceError(f"{where}: must be a finite number")
    return value


def _expected_json(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict) or not value:
        raise AcceptanceError(f"{where}: must map JSON paths (a.b.0.c) to a value or {{op: number}}")
    out = {}
    for path, want in value.items():
        spot = f"{where}.{path}"
        if not isinstance(path, str) or not re.fullmatch(r"[A-Za-z0-9_\-]+(\.[A-Za-z0-9_\-]+)*", path):
            raise AcceptanceError(f"{where}: '{path}' is not a path like a.b.0.c")
        if isinstance(want, dict):
            if len(want) != 1 or next(iter(want)) not in OPERATORS:
                raise AcceptanceError(f"{spot}: a comparison is one of {', '.join(OPERATORS)} with a number")
            op, number = next(iter(want.items()))
            want = {op: _number(number, f"{spot}.{op}")}
        elif isinstance(want, float):
            _number(want, spot)
        elif isinstance(want, str):
            _text(want, spot)
        elif want is not None and not isinstance(want, (bool, int)):
            raise AcceptanceError(f"{spot}: expected a string, number, true/false, null or {{op: number}}")
        out[path] = want
    return out


def parse_check(raw: Any, where: str) -> Check:
    if not isinstance(raw, dict):
        raise AcceptanceError(f"{where}: must be a mapping with 'name', 'run' and 'expect'")
    unknown = sorted(set(raw) - set(CHECK_KEYS))
    if unknown:
        raise AcceptanceError(f"{where}: unknown field(s) {', '.join(map(str, unknown))}; "
                              f"allowed: {', '.join(CHECK_KEYS)}")
    name = _text(raw.get("name"), f"{where}.name")
    run = raw.get("run")
    if not isinstance(run, list) or not run or len(run) > MAX_ARGS:
        raise AcceptanceError(f"{where}.run: must be a list of 1 to {MAX_ARGS} arguments (no shell)")
    run = [_text(arg, f"{where}.run[{i}]") if not isinstance(arg, (int, float)) or isinstance(arg, bool)
           else str(arg) for i, arg in enumerate(run)]
    expect = raw.get("expect") or {}
    if not isinstance(expect, dict):
        raise AcceptanceError(f"{where}.expect: must be a mapping")
    unknown = sorted(set(expect) - set(EXPECT_KEYS))
    if unknown:
        raise AcceptanceError(f"{where}.expect: unknown field(s) {', '.join(map(str, unknown))}; "
                              f"allowed: {', '.join(EXPECT_KEYS)}")
    code = expect.get("exit", 0)
    if isinstance(code, bool) or not isinstance(code, int) or not 0 <= code <= 255:
        raise AcceptanceError(f"{where}.expect.exit: must be a whole number 0-255")
    timeout = _number(raw.get("timeout", DEFAULT_TIMEOUT), f"{where}.timeout")
    if not 0 < timeout <= MAX_TIMEOUT:
        raise AcceptanceError(f"{where}.timeout: must be more than 0 and at most {MAX_TIMEOUT:g} seconds")
    when = raw.get("when") or {}
    if not isinstance(when, dict) or not all(isinstance(k, str) for k in when):
        raise AcceptanceError(f"{where}.when: must map question names to an answer or a list of answers")
    return Check(name, run, code,
                 _texts(expect.get("stdout_contains", []), f"{where}.expect.stdout_contains"),
                 _texts(expect.get("stdout_excludes", []), f"{where}.expect.stdout_excludes"),
                 _texts(expect.get("stderr_contains", []), f"{where}.expect.stderr_contains"),
                 _expected_json(expect["json"], f"{where}.expect.json") if "json" in expect else {},
                 float(timeout), when)


def parse_checks(raw: Any, where: str = "acceptance") -> list[Check]:
    """Validated checks from their declared form; AcceptanceError names the first wrong field."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise AcceptanceError(f"{where}: must be a list of checks")
    if len(raw) > MAX_CHECKS:
        raise AcceptanceError(f"{where}: at most {MAX_CHECKS} checks")
    checks = [parse_check(entry, f"{where}[{index}]") for index, entry in enumerate(raw)]
    names = [c.name for c in checks]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise AcceptanceError(f"{where}: check names repeat: {', '.join(twice)}")
    return checks


def _holds(when: dict[str, Any], answers: dict[str, Any]) -> bool:
    return all(answers.get(key) in (want if isinstance(want, list) else [want]) for key, want in when.items())


def fill_answers(checks: list[Check], answers: dict[str, Any], where: str = "acceptance") -> list[Check]:
    """The checks whose `when` holds for these answers, their `{answer}` placeholders filled in (at
    `genai new`); `{python}` and `{tmp}` are left for the run."""
    filled = []
    for index, check in enumerate(checks):
        if not _holds(check.when, answers):
            continue
        def fill(match: re.Match) -> str:
            key = match.group(1)
            if key in RUNTIME_NAMES:
                return match.group(0)
            if key not in answers:
                raise AcceptanceError(f"{where}[{index}].run: '{{{key}}}' is not an answer of this template "
                                      f"nor one of {', '.join('{' + n + '}' for n in RUNTIME_NAMES)}")
            return str(answers[key])
        filled.append(Check(**{**asdict(check), "run": [_ANSWER.sub(fill, arg) for arg in check.run], "when": {}}))
    return filled


# --- running ------------------------------------------------------------------------------------
def environment(python: Path) -> dict[str, str]:
    """The variables a check or the tests run with: the environment's scripts first, offline."""
    env = dict(os.environ)
    bin_dir = str(python.parent)
    env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "")
    env["VIRTUAL_ENV"] = str(python.parent.parent)
    env["LLM_PROVIDER"] = "fake"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["NO_COLOR"] = "1"
    env.pop("PYTHONPATH", None)
    env.pop("PYTHONHOME", None)
    return env


@dataclass
class Finished:
    code: int | None  # None: killed after the timeout
    stdout: str
    stderr: str
    seconds: float


def _tail_bytes(handle) -> str:
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    handle.seek(max(0, size - OUTPUT_LIMIT))
    return handle.read(OUTPUT_LIMIT).decode("utf-8", "replace")


def run_bounded(argv: list[str], cwd: Path, env: dict[str, str], timeout: float) -> Finished:
    """Run without a shell; keep at most OUTPUT_LIMIT bytes of each stream (the end); kill the whole
    process group after `timeout` seconds."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        try:
            proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                    start_new_session=True)
        except OSError as exc:
            return Finished(127, "", f"cannot start {argv[0]}: {exc.strerror or exc}", 0.0)
        try:
            code: int | None = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            code = None
        except BaseException:  # Ctrl-C: never leave the project's processes behind
            _kill_group(proc)
            raise
        return Finished(code, _tail_bytes(out), _tail_bytes(err), time.perf_counter() - started)


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        if hasattr(os, "killpg"):  # POSIX: the check and everything it started
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
    except (ProcessLookupError, PermissionError):
        proc.kill()
    proc.wait()


def _resolve(argv: list[str], python: Path, tmp: Path) -> list[str]:
    words = [arg.replace("{python}", str(python)).replace("{tmp}", str(tmp)) for arg in argv]
    script = python.parent / words[0]
    if os.sep not in words[0] and script.is_file():
        words[0] = str(script)
    return words


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def _short(text: str, limit: int = DETAIL_LIMIT) -> str:
    text = "".join(c if c.isprintable() else " " for c in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _json_at(data: Any, path: str) -> Any:
    for part in path.split("."):
        if isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        elif isinstance(data, dict) and part in data:
            data = data[part]
        else:
            raise KeyError(path)
    return data


def _json_problems(stdout: str, wanted: dict[str, Any]) -> list[str]:
    import json

    try:
        data = json.loads(stdout)
    except ValueError:
        return [f"stdout is not JSON ({_short(stdout.strip(), 80) or 'empty'})"]
    problems = []
    for path, want in wanted.items():
        try:
            got = _json_at(data, path)
        except KeyError:
            problems.append(f"{path} is missing")
            continue
        if isinstance(want, dict):
            op, number = next(iter(want.items()))
            ok = (isinstance(got, (int, float)) and not isinstance(got, bool) and math.isfinite(got)
                  and OPERATORS[op](got, number))
            if not ok:
                problems.append(f"{path} is {got!r}, expected {op} {number}")
        elif got != want or isinstance(got, bool) != isinstance(want, bool):
            problems.append(f"{path} is {got!r}, expected {want!r}")
    return problems


def judge(check: Check, done: Finished) -> tuple[bool, str]:
    """Whether the run met every expectation, and in words: the first problems, or what was met."""
    if done.code is None:
        return False, f"timed out after {check.timeout:g} s (killed)"
    problems = []
    if done.code != check.exit:
        said = _last_line(done.stderr) or _last_line(done.stdout)
        problems.append(f"exit {done.code}, expected {check.exit}" + (f" ({said})" if said else ""))
    problems += [f"stdout lacks {text!r}" for text in check.stdout_contains if text not in done.stdout]
    problems += [f"stdout shows {text!r}" for text in check.stdout_excludes if text in done.stdout]
    problems += [f"stderr lacks {text!r}" for text in check.stderr_contains if text not in done.stderr]
    if check.json:
        problems += _json_problems(done.stdout, check.json)
    if problems:
        return False, _short("; ".join(problems))
    met = len(check.stdout_contains) + len(check.stdout_excludes) + len(check.stderr_contains) + len(check.json)
    return True, f"exit {done.code}" + (f", {met} expected output(s) found" if met else "") + f" ({done.seconds:.1f} s)"


def shown_command(argv: list[str]) -> str:
    import shlex

    return " ".join(shlex.quote(arg) for arg in argv)


def run_check(check: Check, project: Path, python: Path, tmp: Path) -> CheckResult:
    """Run one check in the project's directory; `tmp` is the run's scratch directory (`{tmp}`)."""
    argv = _resolve(check.run, python, tmp)
    done = run_bounded(argv, project, environment(python), check.timeout)
    passed, detail = judge(check, done)
    first = Path(argv[0])
    if first.parent == python.parent and first.is_relative_to(project):
        first = first.relative_to(project)  # the project's own .venv/bin/…: short and copyable
    typed = shown_command([str(first), *argv[1:]])
    return CheckResult(check.name, passed, detail, done.seconds, typed)


# --- the project's version (git) --------------------------------------------------------------
def git_state(project: Path) -> tuple[str | None, bool]:
    """(HEAD commit, uncommitted changes?) of the project; (None, False) without git or a repository."""
    def git(*args: str) -> str | None:
        try:
            proc = subprocess.run(["git", "-C", str(project), *args], capture_output=True, text=True, timeout=30,
                                  stdin=subprocess.DEVNULL)
        except (OSError, subprocess.SubprocessError):
            return None
        return proc.stdout if proc.returncode == 0 else None

    top = git("rev-parse", "--show-toplevel")
    if top is None or Path(top.strip()).resolve() != project.resolve():
        return None, False  # not its own repository: another repository's commit would say nothing
    head = git("rev-parse", "HEAD")
    status = git("status", "--porcelain", "--untracked-files=normal")
    return (head.strip() if head else None), bool(status and status.strip())


def change_since(evidence: dict[str, Any]) -> str | None:
    """Why a verified project no longer matches its evidence ("new commit abc1234", "uncommitted
    changes"), or None when it matches or cannot be told (no directory, no git)."""
    commit, where = evidence.get("commit"), evidence.get("project_dir")
    if not isinstance(commit, str) or not isinstance(where, str) or not Path(where).is_dir():
        return None
    head, dirty = git_state(Path(where))
    if head is None:
        return None
    if head != commit:
        return f"new commit {head[:7]}"
    return "uncommitted changes" if dirty else None


# --- the project's own tests --------------------------------------------------------------------
@dataclass
class TestRun:
    passed: int
    failed: int  # failures and errors
    code: int | None
    summary: str  # pytest's last line, or why there is none
    seconds: float

    @property
    def ok(self) -> bool:
        return self.code == 0 and self.failed == 0 and self.passed > 0


TEST_COMMAND = ["-m", "pytest", "-q", "-p", "no:cacheprovider"]
_COUNT = re.compile(r"(\d+) (passed|failed|errors?)\b")


def run_tests(project: Path, python: Path, timeout: float) -> TestRun:
    done = run_bounded([str(python), *TEST_COMMAND], project, environment(python), timeout)
    if done.code is None:
        return TestRun(0, 0, None, f"timed out after {timeout:g} s (killed)", done.seconds)
    counts = {"passed": 0, "failed": 0}
    summary = ""
    for line in reversed(done.stdout.splitlines()):
        found = _COUNT.findall(line)
        if found:
            summary = line.strip("= ").strip()
            for number, word in found:
                counts["passed" if word == "passed" else "failed"] += int(number)
            break
    if not summary:
        summary = _last_line(done.stderr) or _last_line(done.stdout) or f"pytest exited with {done.code}"
    return TestRun(counts["passed"], counts["failed"], done.code, _short(summary), done.seconds)
