from __future__ import annotations

import io

from {{ cookiecutter.package_name }}.cli import main


def test_ask(capsys):
    assert main(["ask", "What", "are", "the", "support", "hours?"]) == 0
    assert "8:00 to 20:00" in capsys.readouterr().out


def test_a_question_the_faq_does_not_answer_exits_1(capsys):
    assert main(["ask", "--sources", "How do I reset my router?"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("I don't know") and "offline stand-in" in out
    assert "source:" not in out and "Forgot password" not in out  # not the nearest entry's answer


def test_ask_with_sources_and_list(capsys):
    assert main(["ask", "--sources", "how do I export my data"]) == 0
    assert "source: How do I export my data?" in capsys.readouterr().out
    assert main(["list"]) == 0
    assert "- Is there an API?" in capsys.readouterr().out


def test_chat_reads_questions_until_end_of_input(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("Do you offer a free trial?\n\nIs there an API?\n"))
    assert main(["chat"]) == 0
    out = capsys.readouterr().out
    assert "14-day free trial" in out and "REST API" in out


def test_errors_are_one_line_and_exit_1(capsys, tmp_path):
    assert main(["--faq", str(tmp_path / "nope.json"), "ask", "hi"]) == 1
    assert capsys.readouterr().err.startswith("error: cannot read the FAQ")
    assert main(["--provider", "nonsense", "ask", "hi"]) == 1
    assert "unknown provider" in capsys.readouterr().err


def test_output_into_a_closed_pipe_ends_quietly(run_into_closed_pipe):
    # `faq-chatbot list | head`: the reader leaves early; no BrokenPipeError traceback
    proc = run_into_closed_pipe("list")
    assert proc.stderr == "" and proc.returncode == 1
