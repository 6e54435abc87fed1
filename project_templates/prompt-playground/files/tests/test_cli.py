from __future__ import annotations

import json

from {{ cookiecutter.package_name }}.cli import main, render_table


def table_rows(out: str) -> dict[str, list[str]]:
    rows = [line.split(" | ") for line in out.splitlines() if " | " in line]
    return {cells[0].strip(): [c.strip() for c in cells[1:]] for cells in rows}


def test_compare_prints_every_strategy(capsys):
    assert main(["compare", "What", "is", "3", "+", "4", "*", "5?", "--samples", "5"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Q: What is 3 + 4 * 5?   (expected: 23)")
    rows = table_rows(out)
    assert rows["Zero-shot"][:2] == ["35", "no"] and rows["Chain-of-thought"][:2] == ["23", "yes"]
    assert rows["Self-consistency"][2].startswith("23×")


def test_compare_shows_prompts_and_saves(capsys, tmp_path):
    target = tmp_path / "one.json"
    assert main(["compare", "Which is larger, 3.45 or 3.5?", "--strategies", "few_shot,zero_shot",
                 "--show-prompts", "--save", str(target)]) == 0
    out = capsys.readouterr().out
    assert "=== Few-shot" in out and "[assistant] 2.8" in out and "--- reply 1:" in out
    saved = json.loads(target.read_text())
    assert [r["strategy"] for r in saved["comparisons"][0]["results"]] == ["few_shot", "zero_shot"]


def test_benchmark_prints_a_scoreboard_and_saves_csv(capsys, tmp_path):
    assert main(["benchmark", "--save", str(tmp_path / "all.csv")]) == 0
    out = capsys.readouterr().out
    assert "accuracy" in out and out.count("Q: ") >= 8
    assert (tmp_path / "all.csv").read_text().startswith("question,expected,strategy,answer,correct")


def test_listings(capsys):
    assert main(["strategies"]) == 0
    assert "self_consistency" in capsys.readouterr().out
    assert main(["questions"]) == 0
    assert "(expected: 9.9)" in capsys.readouterr().out


def test_errors_are_one_line_and_exit_1(capsys, tmp_path):
    assert main(["compare", "hi", "--strategies", "magic"]) == 1
    assert capsys.readouterr().err.startswith("error: unknown strategy magic")
    assert main(["--templates", str(tmp_path), "strategies"]) == 1
    assert "no strategy files" in capsys.readouterr().err
    assert main(["compare", "hi", "--save", str(tmp_path / "x.txt")]) == 1
    assert main(["--provider", "nonsense", "compare", "hi"]) == 1
    assert "unknown provider" in capsys.readouterr().err


def test_a_question_the_offline_model_does_not_understand_exits_1(capsys):
    assert main(["compare", "What is the capital of France?"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "offline stand-in" in captured.err and "LLM_PROVIDER" in captured.err


def test_render_table():
    assert render_table([{"a": 1, "bb": None}, {"a": "long", "bb": "x"}], ["a", "bb"]).splitlines() == [
        "a    | bb", "-----+---", "1    |", "long | x"]


def test_output_into_a_closed_pipe_ends_quietly(run_into_closed_pipe):
    # `prompt-playground questions | head`: the reader leaves early; no BrokenPipeError traceback
    proc = run_into_closed_pipe("questions")
    assert proc.stderr == "" and proc.returncode == 1
