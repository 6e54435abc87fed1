"""The sandboxed Python tool: code runs in a separate, isolated, time- and memory-limited process.

Layers, from the outside in:
- the code is checked against the allow-list before any process starts (`sandbox_runner.check`);
- `python -I -S -B`: isolated mode (no PYTHON* variables, no user site), no site-packages;
- an empty environment (no keys, no proxies) and a fresh temporary working directory;
- a wall-clock timeout here, and CPU, address-space and file-size limits set by the runner
  through `resource` on POSIX;
- inside, restricted builtins and an import hook that only knows a few standard modules, so
  there is no `socket`, `os` or `subprocess` to reach the network or the machine.
"""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import sandbox_runner
from .tools import Tool, ToolError, tool

TIMEOUT_SECONDS = {{ cookiecutter.sandbox_timeout }}
MEMORY_MB = 256
MAX_OUTPUT_CHARS = 4000
RUNNER = Path(sandbox_runner.__file__)


@dataclass
class SandboxResult:
    ok: bool
    stdout: str = ""
    value: str | None = None
    error: str | None = None
    seconds: float = 0.0


def _child_environment() -> dict[str, str]:
    # Windows cannot start Python without SYSTEMROOT; everything else stays out.
    return {"SYSTEMROOT": os.environ["SYSTEMROOT"]} if os.name == "nt" and "SYSTEMROOT" in os.environ else {}


def _killed(returncode: int) -> str:
    names = {getattr(signal, "SIGXCPU", None): "the CPU time limit was exceeded",
             getattr(signal, "SIGKILL", None): "the process was killed (memory or CPU limit)",
             getattr(signal, "SIGSEGV", None): "the process crashed (probably the memory limit)"}
    return names.get(-returncode, f"the process ended with code {returncode}")


class PythonSandbox:
    def __init__(self, timeout: float = TIMEOUT_SECONDS, memory_mb: int = MEMORY_MB,
                 max_output: int = MAX_OUTPUT_CHARS):
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.max_output = max_output

    def run(self, code: str) -> SandboxResult:
        started = time.perf_counter()
        try:
            sandbox_runner.check(code)
        except sandbox_runner.Refused as exc:
            return SandboxResult(False, error=f"refused: {exc}")
        config = json.dumps({"cpu_seconds": math.ceil(self.timeout), "memory_mb": self.memory_mb,
                             "max_output": self.max_output})
        with tempfile.TemporaryDirectory(prefix="sandbox-") as workdir:
            try:
                proc = subprocess.run(
                    [sys.executable, "-I", "-S", "-B", str(RUNNER), config], input=code, capture_output=True,
                    text=True, timeout=self.timeout, cwd=workdir, env=_child_environment(),
                )
            except subprocess.TimeoutExpired:
                return SandboxResult(False, error=f"timed out after {self.timeout:g} s",
                                     seconds=time.perf_counter() - started)
        seconds = time.perf_counter() - started
        lines = proc.stdout.strip().splitlines()
        try:
            data = json.loads(lines[-1])
        except (IndexError, ValueError):
            reason = _killed(proc.returncode) if proc.returncode else "the sandbox gave no result"
            if proc.stderr.strip():
                reason += f": {proc.stderr.strip()[-300:]}"
            return SandboxResult(False, error=reason, seconds=seconds)
        return SandboxResult(data["ok"], data["stdout"], data["value"], data["error"], seconds)


RUN_PYTHON_DOC = """Run Python code in a sandbox and return what it printed and the value of its last line.

Use it for exact arithmetic, loops, dates and text processing. Only these modules can be
imported: {modules}. There are no files, no network and no environment, and a run is stopped
after {timeout:g} seconds.

Args:
    code: Python source code. If its last line is an expression, its value is returned, as in a REPL.
"""


def python_tool(sandbox: PythonSandbox | None = None) -> Tool:
    """`run_python`: the sandbox as a tool; a failed run is a ToolError the model can fix."""
    box = sandbox or PythonSandbox()

    def run_python(code: str) -> dict[str, Any]:
        result = box.run(code)
        if not result.ok:
            printed = f" (it printed: {result.stdout.strip()[:500]!r})" if result.stdout.strip() else ""
            raise ToolError(f"the Python code failed: {result.error}{printed}")
        return {"stdout": result.stdout, "value": result.value}

    run_python.__doc__ = RUN_PYTHON_DOC.format(modules=", ".join(sorted(sandbox_runner.ALLOWED_MODULES)),
                                               timeout=box.timeout)
    return tool(run_python)
