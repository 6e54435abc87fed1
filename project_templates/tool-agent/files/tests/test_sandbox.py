from __future__ import annotations

import os
import sys

import pytest

from {{ cookiecutter.package_name }}.sandbox import PythonSandbox, _child_environment, python_tool
from {{ cookiecutter.package_name }}.sandbox_runner import Refused, check
from {{ cookiecutter.package_name }}.tools import ToolError


@pytest.fixture(scope="module")
def box():
    return PythonSandbox(timeout=10, memory_mb=256)


def test_code_runs_and_returns_what_it_printed_and_its_last_value(box):
    code = "import math\nfrom statistics import mean\nprint('hi')\n[math.factorial(5), mean([1, 2, 3])]"
    result = box.run(code)
    assert result.ok and result.stdout == "hi\n" and result.value == "[120, 2]"
    assert box.run("x = 2 ** 10").value is None


@pytest.mark.parametrize("code,message", [
    ("import os", "importing 'os' is not allowed"),
    ("import socket", "importing 'socket' is not allowed"),
    ("from subprocess import run", "importing 'subprocess' is not allowed"),
    ("from . import secrets", "importing '.' is not allowed"),
    ("open('/etc/passwd').read()", "'open' is not available"),
    ("eval('1 + 1')", "'eval' is not available"),
    ("__import__('os')", "'__import__' is not available"),
    ("().__class__", "attribute '__class__' is not allowed"),
    ("import math\nmath._private", "attribute '_private' is not allowed"),
    ("from re import _parser", "importing '_parser' is not allowed"),
    ("def f(:\n  pass", "SyntaxError"),
])
def test_disallowed_code_is_refused_before_any_process_starts(code, message):
    with pytest.raises(Refused, match=message):
        check(code)


def test_refusals_and_runtime_errors_come_back_as_results(box):
    refused = box.run("import os\nos.listdir('/')")
    assert not refused.ok and refused.error.startswith("refused: line 1: importing 'os'")
    crashed = box.run("print('before')\nx = 1\n1 / (x - 1)")
    assert not crashed.ok and crashed.error == "line 3: ZeroDivisionError: division by zero"
    assert crashed.stdout == "before\n"


def test_allowed_modules_do_not_leak_the_modules_they_import(box):
    result = box.run("import statistics\nstatistics.sys")
    assert not result.ok and "AttributeError" in result.error
    assert "ImportError" in box.run("from json import decoder").error
    assert not box.run("from collections import abc").ok


def test_the_process_gets_no_environment(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-must-not-leak")
    assert "OPENAI_API_KEY" not in _child_environment()
    if os.name == "posix":
        assert _child_environment() == {}


def test_endless_code_is_stopped():
    result = PythonSandbox(timeout=1).run("while True:\n    pass")
    assert not result.ok
    assert "timed out after 1 s" in result.error or "CPU time limit" in result.error
    assert result.seconds < 5


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is enforced on Linux")
def test_memory_is_limited():
    result = PythonSandbox(memory_mb=128).run("blob = 'x' * (1024 ** 3)\nlen(blob)")
    assert not result.ok and "MemoryError" in result.error


def test_output_is_capped():
    result = PythonSandbox(max_output=100).run("for i in range(1000):\n    print(i)")
    assert result.ok and result.stdout.endswith("[output truncated]") and len(result.stdout) < 150


def test_the_tool_reports_failures_as_tool_errors(box):
    run_python = python_tool(box)
    assert run_python.func(code="sum(range(101))") == {"stdout": "", "value": "5050"}
    assert "math" in run_python.description and run_python.parameters["required"] == ["code"]
    with pytest.raises(ToolError, match="the Python code failed: line 1: NameError"):
        run_python.func(code="undefined_name + 1")
