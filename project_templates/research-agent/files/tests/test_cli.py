from __future__ import annotations

import json

from {{ cookiecutter.package_name }}.cli import main
from {{ cookiecutter.package_name }}.report import BUNDLED_CORPUS, OFFLINE_MODEL, Report

TASK = "Research the top 5 AI startups in 2025"


def test_research_prints_a_markdown_report(capsys):
    assert main(["research", TASK]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Research report: The top 5 AI startups in 2025\n")
    for heading in ("## Findings", "## Open questions", "## Sources"):
        assert heading in out


def test_an_offline_report_says_it_was_built_offline_by_the_stand_in(capsys):
    assert main(["research", TASK]) == 0
    assert f"> {BUNDLED_CORPUS} {OFFLINE_MODEL}\n" in capsys.readouterr().out


def test_json_output_a_saved_report_and_the_trace(capsys, tmp_path):
    target = tmp_path / "report.json"
    options = ["--format", "json", "--out", str(target), "--trace", "--max-steps", "4"]
    assert main(["research", TASK, *options]) == 0
    captured = capsys.readouterr()
    report = Report.model_validate(json.loads(captured.out))
    assert Report.model_validate_json(target.read_text()) == report
    assert "[supervisor] delegates to the searcher" in captured.err and "[writer] report with" in captured.err
    assert "budget of 4 steps" in report.open_questions[0]
    assert main(["research", TASK, "--out", str(tmp_path / "report.md")]) == 0
    assert (tmp_path / "report.md").read_text().startswith("# Research report")


def test_search_and_corpus(capsys):
    assert main(["search", "warehouse", "robots", "-k", "2"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("[1] Helio Robotics") and "[3]" not in captured.out
    assert "offline search of the bundled demo corpus" in captured.err and "not the web" in captured.err
    assert main(["corpus"]) == 0
    assert "https://example.com/news/lumen-legal" in capsys.readouterr().out


def test_errors_are_one_line_and_exit_1(capsys, tmp_path):
    assert main(["--corpus", str(tmp_path), "search", "x"]) == 1
    assert capsys.readouterr().err.startswith("error: ")
    assert main(["research", TASK, "--max-steps", "0"]) == 1
    assert main(["--provider", "nonsense", "research", TASK]) == 1
    assert "unknown provider" in capsys.readouterr().err


def test_output_into_a_closed_pipe_ends_quietly(run_into_closed_pipe):
    # `research-agent search … | head`: the reader leaves early; no BrokenPipeError traceback
    proc = run_into_closed_pipe("search", "warehouse robots")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr


def test_a_task_the_sources_do_not_answer_says_so_and_exits_1(capsys):
    assert main(["research", "What is the best pizza recipe?"]) == 1
    captured = capsys.readouterr()
    assert "No findings" in captured.out and "no findings" in captured.err
