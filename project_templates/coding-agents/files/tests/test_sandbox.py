from __future__ import annotations

import sys
import time

import pytest

from {{ cookiecutter.package_name }}.sandbox import (
    SubprocessSandbox,
    TempWorkspace,
    clip,
    make_sandbox,
)

PYTHON = "python"  # the sandbox runs this interpreter (sys.executable)


def test_a_command_runs_in_the_folder_and_its_output_is_kept(tmp_path):
    (tmp_path / "hello.py").write_text("print('hi from', __import__('os').getcwd())\n")
    result = SubprocessSandbox(timeout=20).run(tmp_path, [PYTHON, "hello.py"])
    assert result.ok and result.output.strip() == f"hi from {tmp_path}"
    failing = SubprocessSandbox(timeout=20).run(tmp_path, [PYTHON, "-c", "raise SystemExit('broken')"])
    assert not failing.ok and failing.returncode == 1 and failing.summary == "broken"


def test_keys_do_not_reach_the_code(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-secret")
    code = "import os; print(sorted(k for k in os.environ if 'KEY' in k or 'TOKEN' in k))"
    assert SubprocessSandbox(timeout=20).run(tmp_path, [PYTHON, "-c", code]).output.strip() == "[]"


def test_endless_code_is_stopped(tmp_path):
    started = time.perf_counter()
    result = SubprocessSandbox(timeout=0.5).run(tmp_path, [PYTHON, "-c", "while True: pass"])
    assert result.timed_out and not result.ok and "timed out" in result.summary
    assert time.perf_counter() - started < 10


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is enforced on Linux")
def test_memory_is_limited(tmp_path):
    result = SubprocessSandbox(timeout=20, memory_mb=256).run(
        tmp_path, [PYTHON, "-c", "x = bytearray(1024 * 1024 * 1024)"])
    assert not result.ok and "MemoryError" in result.output


def test_the_temporary_workspace_is_a_copy_without_tool_folders(tmp_path):
    (tmp_path / "src.py").write_text("x = 1\n")
    (tmp_path / ".git").mkdir()
    with TempWorkspace(tmp_path) as work:
        assert (work / "src.py").read_text() == "x = 1\n" and not (work / ".git").exists()
        (work / "src.py").write_text("x = 2\n")
    assert not work.exists() and (tmp_path / "src.py").read_text() == "x = 1\n"


def test_make_sandbox_and_clip():
    sandbox, why = make_sandbox("subprocess", timeout=7, memory_mb=300)
    assert sandbox.name == "subprocess" and "timeout 7 s, memory 300 MB" in why
    with pytest.raises(ValueError, match="unknown sandbox"):
        make_sandbox("vm")
    assert clip("abcdef", 3) == "[... 3 characters cut ...]\ndef"
