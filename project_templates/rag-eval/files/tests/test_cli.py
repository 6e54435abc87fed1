from __future__ import annotations

import json

import pytest

from {{ cookiecutter.package_name }}.cli import main


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the trace log, the cache and the results land here
    monkeypatch.delenv("RAG_TRACE_LOG", raising=False)
    monkeypatch.delenv("RAG_INDEX_DIR", raising=False)


def test_ask_shows_the_passages_and_logs_a_trace(capsys, tmp_path):
    assert main(["ask", "What does error E-104 mean?", "--contexts", "--config", "hybrid+rerank+hyde"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("E-104 means the cell temperature is too high.")
    assert "HyDE hypothetical answer:" in out and "[troubleshooting.md#1:" in out
    assert (tmp_path / ".index" / "traces.jsonl").exists()
    assert main(["traces"]) == 0 and "ask" in capsys.readouterr().out


def test_eval_prints_a_table_and_writes_json(capsys, tmp_path):
    assert main(["eval", "--config", "bm25", "--limit", "3", "--out", "bm25.json"]) == 0
    out = capsys.readouterr().out
    assert "config: bm25" in out and "mean" in out and "wrote bm25.json" in out
    data = json.loads((tmp_path / "bm25.json").read_text())
    assert len(data["questions"]) == 3 and data["judge"] == "fake"


def test_compare_puts_configs_side_by_side(capsys, tmp_path):
    assert main(["compare", "--configs", "bm25,vector,hybrid+rerank", "--limit", "2"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert [row.split()[0] for row in rows[1:4]] == ["bm25", "vector", "hybrid+rerank"]
    saved = json.loads((tmp_path / "eval-comparison.json").read_text())
    assert [c["config"] for c in saved["configs"]] == ["bm25", "vector", "hybrid+rerank"]


def test_errors_are_one_line(capsys, tmp_path):
    assert main(["compare", "--configs", "bm25,magic"]) == 1
    assert "unknown config(s) magic" in capsys.readouterr().err
    assert main(["--docs", str(tmp_path / "nowhere"), "ask", "hi"]) == 1
    assert main(["--provider", "nonsense", "ask", "hi"]) == 1
    assert "unknown provider" in capsys.readouterr().err


@pytest.mark.parametrize("question", ["What does error E-999 mean?", "Who won the 1954 world cup?",
                                      "How long is the warranty for the solar panels?"])
def test_the_offline_model_does_not_answer_what_the_documents_do_not_say(question, capsys):
    assert main(["ask", question]) == 1
    assert capsys.readouterr().out.startswith("I don't know")
