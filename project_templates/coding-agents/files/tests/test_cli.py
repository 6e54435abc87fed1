from __future__ import annotations

import io

from {{ cookiecutter.package_name }}.cli import main


def test_build_with_yes_applies_the_change(capsys, tmp_path):
    workspace = tmp_path / "demo"
    code = main(["build", "add a function slugify with tests", "--workspace", str(workspace), "--yes",
                 "--max-iterations", "3", "--timeout", "60", "--sandbox", "subprocess"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.startswith("provider: fake (offline stand-in: a scripted team that knows a few tasks, "
                          "not an LLM) · sandbox: subprocess") and "[ 7] sandbox · run" in out
    assert "applied: tests pass after 2 iteration(s)" in out
    assert (workspace / "textkit" / "slugify.py").exists()
    assert (workspace / ".coding-agents" / "changes.patch").exists()
{%- if cookiecutter.tracing == "opentelemetry" %}
    assert "· tracing: opentelemetry → " in out
    spans = (workspace / ".coding-agents" / "trace.jsonl").read_text().splitlines()
    assert len(spans) == 8 and '"name": "build"' in spans[-1]
{%- endif %}


def test_without_a_terminal_nothing_is_applied(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO())  # a pipe: nobody to ask
    code = main(["build", "add a function slugify with tests", "--workspace", str(tmp_path), "--quiet",
                 "--max-iterations", "4", "--sandbox", "subprocess"])
    captured = capsys.readouterr()
    assert code == 3 and "rejected: not applied: there is no terminal" in captured.out
    assert "[ 1]" not in captured.out and "the workspace was not changed" in captured.err
    assert not (tmp_path / "textkit").exists() and (tmp_path / ".coding-agents" / "changes.patch").exists()


def test_tasks_and_errors(capsys, tmp_path):
    assert main(["tasks"]) == 0 and "slugify" in capsys.readouterr().out
    (tmp_path / "file.txt").write_text("x")
    assert main(["build", "x", "--workspace", str(tmp_path / "file.txt")]) == 1
    assert "is not a folder" in capsys.readouterr().err
    assert main(["--provider", "nonsense", "build", "x", "--workspace", str(tmp_path)]) == 1
    assert main(["build", "x", "--workspace", str(tmp_path), "--sandbox", "vm"]) == 1
    assert "unknown sandbox 'vm'" in capsys.readouterr().err


def test_output_into_a_closed_pipe_ends_quietly(run_into_closed_pipe):
    # `coding-agents tasks | head`: the reader leaves early; no BrokenPipeError traceback
    proc = run_into_closed_pipe("tasks")
    assert proc.stderr == "" and proc.returncode == 1
