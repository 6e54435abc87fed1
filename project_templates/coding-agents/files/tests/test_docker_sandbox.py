"""The Docker sandbox: its command line, and the fallback when Docker cannot be used."""

from __future__ import annotations

from pathlib import Path

import pytest

from {{ cookiecutter.package_name }} import docker_sandbox
from {{ cookiecutter.package_name }}.docker_sandbox import DockerSandbox, docker_problem
from {{ cookiecutter.package_name }}.sandbox import SANDBOX, make_sandbox


def test_containers_have_no_network_and_hard_limits(tmp_path):
    sandbox = DockerSandbox(timeout=30, memory_mb=512)
    command = sandbox.command(tmp_path, ["python", "-m", "pytest"], "run-1")
    assert command[:3] == ["docker", "run", "--rm"]
    for flag in ("--network=none", "--memory=512m", "--memory-swap=512m", "--cpus=1", "--pids-limit=256",
                 "--read-only", f"{tmp_path.resolve()}:/workspace"):
        assert flag in command
    assert command[-4:] == [docker_sandbox.image(), "python", "-m", "pytest"]


def test_without_docker_the_subprocess_sandbox_is_used_and_says_why(monkeypatch):
    monkeypatch.setattr(docker_sandbox.shutil, "which", lambda name: None)
    assert SANDBOX == "docker" and docker_problem() == "docker is not installed"
    sandbox, why = make_sandbox()
    assert sandbox.name == "subprocess" and why == "subprocess, because docker is not installed"


def test_the_image_can_be_chosen(monkeypatch):
    monkeypatch.setenv("SANDBOX_IMAGE", "my/python-with-pytest:1")
    assert docker_sandbox.image() == "my/python-with-pytest:1"


@pytest.mark.skipif(docker_problem() is not None, reason="needs Docker and the sandbox image")
def test_a_real_container_runs_the_tests(tmp_path: Path):
    (tmp_path / "test_ok.py").write_text("def test_ok():\n    assert True\n")
    result = DockerSandbox(timeout=120).run(tmp_path, ["python", "-m", "pytest", "-q"])
    assert result.ok and "1 passed" in result.output
