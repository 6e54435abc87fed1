"""Running the agents' code: a throwaway copy of the workspace, a subprocess with limits.

`SubprocessSandbox` runs a command in the copy with a wall-clock timeout (the whole process group
is killed), a memory limit (RLIMIT_AS, on Linux), a CPU-time limit, and a scrubbed environment:
no API keys or tokens reach code that a model wrote. It is a guard against accidents (an endless
loop, a runaway allocation), not a security boundary against hostile code.
{%- if cookiecutter.sandbox == "docker" %}
For that, use the Docker sandbox (this project's default, see docker_sandbox.py) or a service
such as E2B.
{%- else %}
For that, use a Docker sandbox (generate the project with sandbox=docker) or a service such as
E2B.
{%- endif %}
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .workspace import copy_workspace

SANDBOX = "{{ cookiecutter.sandbox }}"
TEST_TIMEOUT = {{ cookiecutter.test_timeout }}  # seconds for one test run
MEMORY_MB = 2048  # address space (RLIMIT_AS): generous, since libraries reserve more than they use
MAX_OUTPUT = 12_000  # characters of output kept (the end, where the failures are)
TEST_COMMAND = ["python", "-m", "pytest", "-q", "-p", "no:cacheprovider"]
SAFE_ENV = ("PATH", "LANG", "LC_ALL", "SYSTEMROOT", "TZ")


@dataclass
class RunResult:
    command: list[str]
    returncode: int
    output: str
    seconds: float
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out

    @property
    def summary(self) -> str:
        if self.timed_out:
            return f"timed out after {self.seconds:.0f} s"
        last = next((line for line in reversed(self.output.splitlines()) if line.strip()), "")
        return last.strip("= ") or f"exit code {self.returncode}"


class Sandbox(Protocol):
    name: str

    def run(self, workdir: Path, command: list[str]) -> RunResult: ...


def clip(text: str, limit: int = MAX_OUTPUT) -> str:
    return text if len(text) <= limit else f"[... {len(text) - limit} characters cut ...]\n" + text[-limit:]


def scrubbed_env(workdir: Path) -> dict[str, str]:
    """Only harmless variables: no keys or tokens. pytest plugins installed beside this tool are
    not loaded either (the runs stay fast and repeatable); add `-p NAME` to TEST_COMMAND if the
    code under test needs one."""
    env = {key: os.environ[key] for key in SAFE_ENV if key in os.environ}
    env.update(HOME=str(workdir), PYTHONPATH=str(workdir), PYTHONDONTWRITEBYTECODE="1", PYTHONHASHSEED="0",
               PYTEST_DISABLE_PLUGIN_AUTOLOAD="1")
    return env


class Limits:
    """What every sandbox enforces: a wall-clock timeout and a memory limit."""

    def __init__(self, timeout: float = TEST_TIMEOUT, memory_mb: int = MEMORY_MB):
        self.timeout = timeout
        self.memory_mb = memory_mb


class SubprocessSandbox(Limits):
    name = "subprocess"

    def _limits(self) -> None:  # runs in the child, before the command
        import resource

        memory = self.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        cpu = int(self.timeout) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))

    def run(self, workdir: Path, command: list[str]) -> RunResult:
        argv = [sys.executable if command[0] == "python" else command[0], *command[1:]]
        started = time.perf_counter()
        process = subprocess.Popen(
            argv, cwd=workdir, env=scrubbed_env(workdir), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, errors="replace", start_new_session=os.name == "posix",
            preexec_fn=self._limits if sys.platform.startswith("linux") else None,
        )
        try:
            output, _ = process.communicate(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            if os.name == "posix":
                os.killpg(process.pid, signal.SIGKILL)  # the command and everything it started
            else:
                process.kill()
            output, _ = process.communicate()
            return RunResult(command, -9, clip(output), time.perf_counter() - started, timed_out=True)
        return RunResult(command, process.returncode, clip(output), time.perf_counter() - started)


class TempWorkspace:
    """A throwaway copy of the user's folder: `with TempWorkspace(folder) as path: ...`."""

    def __init__(self, source: Path | None = None):
        self.source = source
        self._tmp = tempfile.TemporaryDirectory(prefix="coding-agents-")
        self.path = Path(self._tmp.name) / "workspace"

    def __enter__(self) -> Path:
        self.path.mkdir()
        if self.source is not None and self.source.is_dir():
            copy_workspace(self.source, self.path)
        return self.path

    def __exit__(self, *exc) -> None:
        self._tmp.cleanup()


def make_sandbox(kind: str | None = None, timeout: float = TEST_TIMEOUT,
                 memory_mb: int = MEMORY_MB) -> tuple[Sandbox, str]:
    """The sandbox to use and a line saying why."""
    kind = (kind or os.environ.get("CODING_AGENTS_SANDBOX") or SANDBOX).strip().lower()
{%- if cookiecutter.sandbox == "docker" %}
    if kind == "docker":
        from .docker_sandbox import DockerSandbox, docker_problem

        problem = docker_problem()
        if problem is None:
            return DockerSandbox(timeout, memory_mb), "docker (no network, memory and CPU limits)"
        return SubprocessSandbox(timeout, memory_mb), f"subprocess, because {problem}"
{%- endif %}
    if kind != "subprocess":
        raise ValueError(f"unknown sandbox '{kind}': choose {{ 'docker or subprocess' if cookiecutter.sandbox == 'docker' else 'subprocess' }}")
    why = f"subprocess (timeout {timeout:g} s, memory {memory_mb} MB)"
    return SubprocessSandbox(timeout, memory_mb), why
