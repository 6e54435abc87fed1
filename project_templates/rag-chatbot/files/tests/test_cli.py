from __future__ import annotations

import json

from {{ cookiecutter.package_name }}.cli import main


def test_ingest_then_ask_with_json_citations(tmp_path, capsys):
    index = str(tmp_path / "index")
    assert main(["--index", index, "ingest"]) == 0
    out = capsys.readouterr().out
    assert "added handbook.pdf: " in out and "index: " in out
    assert main(["--index", index, "ingest"]) == 0
    assert "unchanged: 2 file(s)" in capsys.readouterr().out
    assert main(["--index", index, "ask", "How long is parental leave?", "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["answered"] and "16 weeks" in body["answer"]
    first = body["citations"][0]
    where = (first["source"], first["page"], first["section"])
    assert where == ("handbook.pdf", 3, "Parental leave and family")
    assert set(first) == {"source", "page", "section", "score", "snippet"}
    assert 0 < body["citations"][0]["score"] <= 1 and len(body["retrieved"]) == 4


def test_no_answer_exits_non_zero(tmp_path, capsys):
    index = str(tmp_path / "index")
    main(["--index", index, "ingest"])
    capsys.readouterr()
    assert main(["--index", index, "ask", "Who", "won", "the", "1954", "world", "cup?"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("I cannot answer that from the documents.") and "offline" in out


def test_eval_prints_hit_at_k_and_mrr(capsys):
    assert main(["eval", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["hit_at_4"] >= 0.9 and report["mrr"] >= 0.8 and report["questions"] >= 20


def test_errors_are_one_line(tmp_path, capsys):
    assert main(["--index", str(tmp_path), "ingest", str(tmp_path / "missing.pdf")]) == 1
    assert capsys.readouterr().err.startswith("error: ")
    assert main(["--index", str(tmp_path), "ask", "anything?"]) == 1
    assert "run `ingest` first" in capsys.readouterr().err
