"""The Docker sandbox: each test run in a fresh container with no network and hard limits.

Used only when Docker is available and the sandbox image exists; otherwise `make_sandbox` falls
back to the subprocess sandbox and says why. Build the image once (Python with pytest):

    docker build -t {{ cookiecutter.project_slug }}-sandbox -f sandbox.Dockerfile .

Set SANDBOX_IMAGE to use another image (it needs python and pytest).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

from .sandbox import Limits, RunResult, clip

DEFAULT_IMAGE = "{{ cookiecutter.project_slug }}-sandbox"


def image() -> str:
    return os.environ.get("SANDBOX_IMAGE") or DEFAULT_IMAGE


def docker_problem() -> str | None:
    """Why Docker cannot be used here, or None when it can."""
    if shutil.which("docker") is None:
        return "docker is not installed"
    try:
        info = subprocess.run(["docker", "image", "inspect", image()], capture_output=True, text=True,
                              timeout=20)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"docker does not answer ({exc})"
    if info.returncode != 0:
        if "No such image" in info.stderr or "No such object" in info.stderr:
            return f"the image {image()} is missing (docker build -t {image()} -f sandbox.Dockerfile .)"
        last = info.stderr.strip().splitlines()[-1] if info.stderr.strip() else "is the daemon running?"
        return f"docker is not usable ({last})"
    return None


class DockerSandbox(Limits):
    name = "docker"

    def command(self, workdir: Path, command: list[str], name: str) -> list[str]:
        user = [f"--user={os.getuid()}:{os.getgid()}"] if hasattr(os, "getuid") else []
        return ["docker", "run", "--rm", f"--name={name}", "--network=none", f"--memory={self.memory_mb}m",
                f"--memory-swap={self.memory_mb}m", "--cpus=1", "--pids-limit=256", "--read-only",
                "--tmpfs=/tmp", *user, "-e", "PYTHONDONTWRITEBYTECODE=1", "-e", "PYTHONPATH=/workspace",
                "-e", "HOME=/tmp", "-v", f"{workdir.resolve()}:/workspace", "-w", "/workspace",
                image(), *command]

    def run(self, workdir: Path, command: list[str]) -> RunResult:
        name = f"coding-agents-{os.getpid()}-{time.monotonic_ns()}"
        started = time.perf_counter()
        try:
            proc = subprocess.run(self.command(workdir, command, name), capture_output=True, text=True,
                                  errors="replace", timeout=self.timeout)
        except subprocess.TimeoutExpired as exc:
            subprocess.run(["docker", "kill", name], capture_output=True)
            output = (exc.stdout or "") if isinstance(exc.stdout, str) else ""
            return RunResult(command, -9, clip(output), time.perf_counter() - started, timed_out=True)
        output = clip(proc.stdout + proc.stderr)
        return RunResult(command, proc.returncode, output, time.perf_counter() - started)
