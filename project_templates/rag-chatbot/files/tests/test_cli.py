from __future__ import annotations

from {{ cookiecutter.package_name }}.cli import main


def test_ingest_the_samples_then_ask(tmp_path, capsys):
    index = str(tmp_path / "index")
    assert main(["--index", index, "ingest"]) == 0
    assert "handbook.pdf: " in capsys.readouterr().out
    assert main(["--index", index, "ask", "How", "long", "is", "parental", "leave?"]) == 0
    out = capsys.readouterr().out
    assert "16 weeks" in out and "[handbook.pdf p.1]" in out and "confidence: " in out


def test_errors_are_one_line(tmp_path, capsys):
    assert main(["--index", str(tmp_path), "ingest", str(tmp_path / "missing.pdf")]) == 1
    assert capsys.readouterr().err.startswith("error: ")
