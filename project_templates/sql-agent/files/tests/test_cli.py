from __future__ import annotations

from {{ cookiecutter.package_name }}.cli import format_table, main


def test_ask_prints_a_table(capsys):
    assert main(["ask", "Top", "3", "products", "by", "revenue", "--show-sql"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("-- attempt 1: SELECT p.name") and "revenue" in out
    table = [line for line in out.splitlines() if not line.startswith("-- attempt")]
    assert len(table) == 2 + 3  # header, rule, three rows


def test_schema_and_init_db(capsys, tmp_path):
    assert main(["schema"]) == 0
    assert "CREATE TABLE order_items" in capsys.readouterr().out
    assert main(["init-db", str(tmp_path / "shop.db")]) == 0
    assert main(["--db", str(tmp_path / "shop.db"), "ask", "how many products"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].strip() == "9"


def test_failures_exit_1(capsys, tmp_path):
    assert main(["ask", "Write me a poem"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""  # no rows of some other question
    assert captured.err.startswith("error: the offline stand-in (fake provider, no model) cannot answer")
    assert "LLM_PROVIDER=openai, anthropic or ollama" in captured.err
    assert main(["--db", str(tmp_path / "nope.db"), "schema"]) == 1


def test_format_table():
    table = format_table(["a", "bb"], [(1, None), (22, "x")])
    assert table.splitlines() == ["a   bb", "--  --", "1", "22  x"]


def test_output_into_a_closed_pipe_ends_quietly(run_into_closed_pipe):
    # `sql-agent schema | head`: the reader leaves early; no BrokenPipeError traceback
    proc = run_into_closed_pipe("schema")
    assert proc.stderr == "" and proc.returncode == 1
