"""`genai verify`: run a generated project's tests and acceptance checks; record the evidence.

The project is the one `genai new` recorded on the roadmap item (`project_dir`), or `--dir`. It
runs in its own environment: the project's `.venv` when there is one, else a virtual environment
genai creates under the cache dir (`genai path`: verify_venvs), one per project path, installed
with `pip install -e '.[test]'` and reinstalled when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from genai_roadmap import acceptance, files, paths, progress, state
from genai_roadmap.clock import now_iso
from genai_roadmap.errors import GenaiError, InvalidFileError, NotFoundError, UsageError
from genai_roadmap.roadmap import Item, Roadmap
from genai_roadmap.selection import select

GENAI_FILE = ".genai.json"
GENAI_FILE_MAX_BYTES = 1024 * 1024
TEST_TIMEOUT = 900.0
INSTALL_TIMEOUT = 1200.0
STAMP = ".genai-verify-stamp"

Step = Callable[[str], None]


@dataclass
class VerifyResult:
    roadmap: Roadmap
    item: Item
    project_dir: Path
    template: str
    commit: str | None
    dirty: bool  # uncommitted changes when verified
    environment: str  # which Python ran it, in words
    python: Path
    tests: acceptance.TestRun
    checks: list[acceptance.CheckResult]
    verified: bool
    evidence: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rerun(self) -> list[str]:
        """Commands to run a failed part by hand, in the project's directory."""
        commands = []
        if not self.tests.ok:
            commands.append(acceptance.shown_command([str(self.python), *acceptance.TEST_COMMAND]))
        commands += [f"LLM_PROVIDER=fake {c.command}" for c in self.checks if not c.passed]
        return commands


# --- which item, which project ------------------------------------------------------------------
def _project_item(rm: Roadmap, current: dict[str, Any], query: str | None, directory: Path | None) -> Item:
    prog = progress.Progress(rm, current)
    if query:
        item = progress.find_item(rm, query)
        if not item.template:
            raise UsageError(f"{item.id} is not a project item (it has no template), so there is nothing to run",
                             hint="project items are the ones `genai next` starts with `genai new TEMPLATE`")
        return item
    projects = [item for item in rm.items if item.template]
    if directory is not None:
        here = [item for item in projects if _same_dir(prog.record(item).get("project_dir"), directory)]
        if len(here) == 1:
            return here[0]
        made_from = _template_of(directory)
        same = [item for item in projects if item.template == made_from]
        if len(same) == 1:
            return same[0]
        if made_from:  # never guess an item of another template
            names = ", ".join(item.id for item in same[:8])
            raise UsageError(f"which item does {directory} prove? "
                             + (f"several items use template '{made_from}'" if same
                                else f"no item of roadmap {rm.id} uses template '{made_from}'"),
                             hint=f"name one: genai verify ITEM --dir {directory}" + (f" (one of {names})" if names
                                                                                      else ", or choose the roadmap with -r"))
    started = [item for item in projects if prog.status(item) == "in_progress"]
    if len(started) == 1:
        return started[0]
    names = ", ".join(item.id for item in (started or projects)[:8])
    what = "several project items are in progress" if started else "no project item is in progress"
    raise UsageError(f"which project? {what}", hint=f"name one: genai verify ITEM (e.g. {names})")


def _template_of(directory: Path) -> str | None:
    try:
        return read_project_file(directory.expanduser().absolute())[0] or None
    except GenaiError:
        return None


def _same_dir(recorded: Any, directory: Path) -> bool:
    try:
        return isinstance(recorded, str) and Path(recorded).resolve() == directory.resolve()
    except OSError:
        return False


def _project_dir(item: Item, record: dict[str, Any], directory: Path | None) -> Path:
    if directory is None:
        recorded = record.get("project_dir")
        if not isinstance(recorded, str) or not recorded:
            raise NotFoundError(f"no project recorded for {item.id}",
                                hint=f"start one with: genai new {item.template}, or point at yours: "
                                     f"genai verify {item.id} --dir DIR")
        directory = Path(recorded)
    directory = directory.expanduser().absolute()
    if not directory.is_dir():
        raise NotFoundError(f"the project directory {directory} does not exist",
                            hint=f"point at where it is now: genai verify {item.id} --dir DIR")
    return directory


def read_project_file(project: Path) -> tuple[str, list[acceptance.Check], list[str]]:
    """The template and acceptance checks a project declares in `.genai.json`, and warnings."""
    path = project / GENAI_FILE
    if not path.is_file():
        raise NotFoundError(f"{project} has no {GENAI_FILE}, so it was not made by `genai new`",
                            hint="verify runs projects generated by genai new")
    data = files.strict_json(files.read_text(path, GENAI_FILE_MAX_BYTES, "project file"))
    if not isinstance(data, dict):
        raise InvalidFileError(f"{path}: must hold a JSON object")
    try:
        checks = acceptance.parse_checks(data.get("acceptance"))
    except acceptance.AcceptanceError as exc:
        raise InvalidFileError(f"{path}: {exc}") from None
    warnings = [] if checks else [f"{GENAI_FILE} declares no acceptance checks (the template did not have them "
                                  "when the project was made): only the tests were run"]
    template = data.get("template") if isinstance(data.get("template"), str) else ""
    return template, checks, warnings


# --- the environment ----------------------------------------------------------------------------
def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def cached_venv(project: Path) -> Path:
    key = hashlib.sha256(str(project.resolve()).encode()).hexdigest()[:12]
    return paths.verify_venvs_dir() / f"{project.name[:40]}-{key}"


def environment(project: Path, step: Step) -> tuple[Path, str]:
    """The Python to run the project with, and which one it is, in words."""
    own = venv_python(project / ".venv")
    if own.is_file():
        return own, f"the project's own environment ({project / '.venv'})"
    venv = cached_venv(project)
    python = venv_python(venv)
    pyproject = project / "pyproject.toml"
    if not pyproject.is_file():
        raise NotFoundError(f"{project} has no pyproject.toml to install")
    stamp = hashlib.sha256(pyproject.read_bytes()).hexdigest()
    stamp_file = venv / STAMP
    if python.is_file() and stamp_file.is_file() and stamp_file.read_text(encoding="utf-8").strip() == stamp:
        return python, f"genai's environment for it ({venv})"
    if not python.is_file():
        step(f"Creating a virtual environment in {venv}…")
        venv.parent.mkdir(parents=True, exist_ok=True)
        _run_install([sys.executable, "-m", "venv", "--clear", str(venv)], project, step, "creating the environment")
    _run_install([str(python), "-m", "pip", "install", "--disable-pip-version-check", "-e", ".[test]"],
                 project, step, f"installing {project.name} with its test tools")
    files.write_atomic(stamp_file, stamp + "\n", fsync=False)
    return python, f"genai's environment for it ({venv}, just installed)"


def _run_install(argv: list[str], project: Path, step: Step, what: str) -> None:
    """Run an installer, showing its latest line as progress; GenaiError with its last lines on failure."""
    started = time.monotonic()
    tail: list[str] = []
    env = {**os.environ, "PIP_NO_INPUT": "1"}
    env.pop("PYTHONPATH", None)
    proc = subprocess.Popen(argv, cwd=project, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, errors="replace", start_new_session=True)
    watchdog = threading.Timer(INSTALL_TIMEOUT, proc.kill)  # a silent, stuck install ends too
    watchdog.start()
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            line = "".join(c for c in line.strip() if c.isprintable())[:120]
            if line:
                tail = (tail + [line])[-8:]
                step(f"{what[0].upper() + what[1:]} ({time.monotonic() - started:.0f} s): {line}")
        code = proc.wait()
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    finally:
        watchdog.cancel()
    if time.monotonic() - started >= INSTALL_TIMEOUT:
        raise GenaiError(f"{what} took more than {INSTALL_TIMEOUT:.0f} s and was stopped",
                         hint="check the network and the package index, then run genai verify again")
    if code != 0:
        raise GenaiError(f"{what} failed (exit {code}):\n  " + "\n  ".join(tail[-5:]),
                         hint="fix the install (network, pyproject.toml), or create the project's own .venv "
                              "with `python -m pip install -e '.[test]'` there; verify uses it when present")


# --- the use case -------------------------------------------------------------------------------
def verify(query: str | None, directory: Path | None, roadmap_name: str | None = None,
           step: Step = lambda text: None, python: Path | None = None) -> VerifyResult:
    """Run the project's tests and acceptance checks; record the evidence on its roadmap item.

    `python` overrides the environment (tests use it to run without creating one).
    """
    started = time.perf_counter()
    rm, current = select(roadmap_name)
    item = _project_item(rm, current, query, directory)
    project = _project_dir(item, progress.Progress(rm, current).record(item), directory)
    template, checks, warnings = read_project_file(project)
    if item.template and template and template != item.template:
        warnings.append(f"{project} was made from template '{template}', while {item.id} asks for "
                        f"'{item.template}'")
    commit, dirty = acceptance.git_state(project)
    if commit is None:
        warnings.append(f"{project} is not a git repository: the evidence cannot say which version passed "
                        "(run `git init` and commit, then verify again)")
    elif dirty:
        warnings.append("the project has uncommitted changes: the evidence names the last commit, and status will "
                        "show it as changed since until you commit and verify again")
    if python is not None:
        how = f"the given Python ({python})"
    else:
        python, how = environment(project, step)
    step(f"Running {project.name}'s tests…")
    tests = acceptance.run_tests(project, python, TEST_TIMEOUT)
    results = []
    with tempfile.TemporaryDirectory(prefix="genai-verify-") as tmp:  # `{tmp}`: shared by the checks, in order
        for number, check in enumerate(checks, 1):
            step(f"Acceptance check {number}/{len(checks)}: {check.name}…")
            results.append(acceptance.run_check(check, project, python, Path(tmp)))
    passed = tests.ok and all(r.passed for r in results)
    evidence = {"at": now_iso(), "by": "project", "commit": commit, "project_dir": str(project),
                "tests": {"passed": tests.passed, "failed": tests.failed},
                "acceptance": [r.as_record() for r in results], "passed": passed}
    if commit is None:
        evidence.pop("commit")
    with state.update_state() as fresh:
        record = state.item_record(fresh, rm.id, item.id, item.aliases)
        record["verified"] = evidence
        record.setdefault("project_dir", str(project))
        if passed and record.get("status") != "done":
            state.set_status(fresh, rm.id, item.id, "done")
    return VerifyResult(rm, item, project, template, commit, dirty, how, python, tests, results, passed, evidence,
                        warnings, time.perf_counter() - started)
