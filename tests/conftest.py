"""Shared fixtures: every test gets its own GENAI_HOME, and runs the real installed `genai`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
MINI = DATA / "roadmaps" / "mini.yaml"
BIN_DIR = Path(sys.executable).parent
GENAI = shutil.which("genai", path=str(BIN_DIR)) or shutil.which("genai")


@pytest.fixture(autouse=True)
def genai_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "genai-home"
    monkeypatch.setenv("GENAI_HOME", str(home))
    for var in ("GENAI_ROADMAP", "GENAI_DEBUG", "GENAI_HW_FILE"):
        monkeypatch.delenv(var, raising=False)
    return home


class Result:
    def __init__(self, proc: subprocess.CompletedProcess):
        self.code = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    def json(self):
        return json.loads(self.out)

    def __repr__(self) -> str:
        return f"<exit {self.code}\nstdout:\n{self.out}\nstderr:\n{self.err}>"


def run_genai(*args: str, input: str | None = None, cwd: Path | None = None, env: dict | None = None) -> Result:
    """Run the installed console script, the way a user does (no TTY: stdin is a pipe)."""
    assert GENAI, "the genai console script is not installed in this environment"
    full_env = {**os.environ, "COLUMNS": "120", **(env or {})}
    proc = subprocess.run([GENAI, *args], input=input or "", capture_output=True, text=True, cwd=cwd,
                          env=full_env, timeout=120)
    return Result(proc)


@pytest.fixture
def genai():
    return run_genai


@pytest.fixture
def mini(tmp_path) -> Path:
    """A private copy of the mini roadmap that a test may edit."""
    target = tmp_path / "mini.yaml"
    shutil.copyfile(MINI, target)
    return target
