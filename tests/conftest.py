"""Shared fixtures: every test gets its own GENAI_HOME.

`run_genai` (the `genai` fixture) drives the CLI in-process through typer's CliRunner: the same
app, error handler, stdout, stderr and exit codes as the console script, without paying a Python
start-up per call. `run_genai_process` runs the installed console script, for what needs a real
process (start-up imports, the output stream at exit, signals, a terminal).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# Let the console-script processes some tests start reuse compiled bytecode: with this set (some
# environments set it globally), every process recompiles the whole package.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

DATA = Path(__file__).parent / "data"
MINI = DATA / "roadmaps" / "mini.yaml"
BIN_DIR = Path(sys.executable).parent
GENAI = shutil.which("genai", path=str(BIN_DIR)) or shutil.which("genai")


@pytest.fixture(scope="session")
def shared_roadmap_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("roadmap-cache")


@pytest.fixture(autouse=True)
def genai_home(tmp_path, monkeypatch, request, shared_roadmap_cache) -> Path:
    home = tmp_path / "genai-home"
    monkeypatch.setenv("GENAI_HOME", str(home))
    for var in ("GENAI_ROADMAP", "GENAI_DEBUG", "GENAI_HW_FILE"):
        monkeypatch.delenv(var, raising=False)
    if "own_roadmap_cache" not in request.keywords:
        # Parsed roadmaps are cached by file identity (path, size, mtime), so in-process runs may
        # share one cache: the bundled roadmaps are parsed once per session, not once per test.
        from genai_roadmap import paths

        monkeypatch.setattr(paths, "roadmap_cache_dir", lambda: shared_roadmap_cache)
    return home


class Result:
    def __init__(self, code: int, out: str, err: str):
        self.code = code
        self.out = out
        self.err = err

    def json(self):
        return json.loads(self.out)

    def __repr__(self) -> str:
        return f"<exit {self.code}\nstdout:\n{self.out}\nstderr:\n{self.err}>"


def run_genai_process(*args: str, input: str | None = None, cwd: Path | None = None, env: dict | None = None,
                      **kwargs) -> Result:
    """Run the installed console script, the way a user does (no TTY: stdin is a pipe)."""
    assert GENAI, "the genai console script is not installed in this environment"
    full_env = {**os.environ, "COLUMNS": "120", **(env or {})}
    proc = subprocess.run([GENAI, *args], input=input or "", capture_output=True, text=True, cwd=cwd,
                          env=full_env, timeout=120, **kwargs)
    return Result(proc.returncode, proc.stdout, proc.stderr)


def run_genai(*args: str, input: str | None = None, cwd: Path | None = None, env: dict | None = None) -> Result:
    """Run `genai ARGS` in this process (no TTY: stdin is a pipe), as the console script would."""
    from typer.testing import CliRunner

    from genai_roadmap.cli import app

    previous = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = CliRunner().invoke(app, list(args), input=input or "", env={"COLUMNS": "120", **(env or {})},
                                    prog_name="genai", catch_exceptions=False)
    finally:
        os.chdir(previous)
    return Result(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def genai():
    return run_genai


@pytest.fixture
def mini(tmp_path) -> Path:
    """A private copy of the mini roadmap that a test may edit."""
    target = tmp_path / "mini.yaml"
    shutil.copyfile(MINI, target)
    return target


@pytest.fixture(scope="session")
def default_project(tmp_path_factory):
    """`genai new TEMPLATE --no-input` once per template and session: (project dir, result)."""
    made: dict[str, tuple[Path, Result]] = {}
    root = tmp_path_factory.mktemp("defaults")

    def make(template: str) -> tuple[Path, Result]:
        if template not in made:
            dest = root / template / "work" / "my-project"
            home = root / template / "home"
            made[template] = (dest, run_genai("new", template, str(dest), "--no-input", env={"GENAI_HOME": str(home)}))
        return made[template]

    return make
