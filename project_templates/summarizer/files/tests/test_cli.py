from __future__ import annotations

import json

from {{ cookiecutter.package_name }}.cli import main


def test_summarize_with_every_strategy_and_a_reference(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text(" ".join(f"Point {i} matters for reason {i}." for i in range(40)))
    reference = tmp_path / "ref.txt"
    reference.write_text("Point 1 matters for reason 1.")
    args = ["--words", "20", "summarize", str(article), "--strategy", "all", "--reference", str(reference)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert out.count("== ") == 3 and "== refine" in out and "rouge1 " in out
    assert out.count("offline stand-in: extractive, no model") == 3  # never passed off as a model


def test_evaluate_as_table_and_json(capsys):
    assert main(["evaluate"]) == 0
    out = capsys.readouterr().out
    assert out.count("mean") == 3 and "transformers.txt" in out
    assert main(["evaluate", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data["averages"]) == {"map-reduce", "refine", "tree"} and len(data["scores"]) == 6


def test_a_missing_file_is_one_line(capsys, tmp_path):
    assert main(["summarize", str(tmp_path / "nope.txt")]) == 1
    assert capsys.readouterr().err.startswith("error: cannot read")


def test_output_into_a_closed_pipe_ends_quietly(run_into_closed_pipe):
    # `summarizer evaluate | head`: the reader leaves early; no BrokenPipeError traceback
    proc = run_into_closed_pipe("evaluate")
    assert proc.stderr == "" and proc.returncode == 1
