from __future__ import annotations

import json

import pytest

from {{ cookiecutter.package_name }}.cli import main
from {{ cookiecutter.package_name }}.models import load_model
from {{ cookiecutter.package_name }}.providers import ProviderError


def test_run_writes_the_leaderboard(tmp_path, capsys):
    assert main(["run", "--models", "fake:grounded", "fake:terse", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1].split()[1] == "fake:grounded"
    assert "judged by the offline stand-in judge (word-overlap heuristics, no model)" in out
    board = json.loads((tmp_path / "leaderboard.json").read_text())
    assert [row["model"] for row in board["leaderboard"]] == ["fake:grounded", "fake:terse"]
    assert (tmp_path / "leaderboard.csv").read_text().startswith("rank,model,score")
    assert len((tmp_path / "judgements.jsonl").read_text().splitlines()) == 2 * 8


def test_rubric_command(capsys):
    assert main(["rubric"]) == 0
    assert "- correctness x0.4:" in capsys.readouterr().out


def test_bad_model_names_fail_clearly(capsys, tmp_path):
    assert main(["run", "--models", "fake:genius", "--out", str(tmp_path)]) == 1
    assert "unknown fake model 'fake:genius'" in capsys.readouterr().err
    with pytest.raises(ProviderError, match="unknown provider"):
        load_model("acme:model-1")


def test_output_into_a_closed_pipe_ends_quietly(run_into_closed_pipe):
    # `llm-eval rubric | head`: the reader leaves early; no BrokenPipeError traceback
    proc = run_into_closed_pipe("rubric")
    assert proc.stderr == "" and proc.returncode == 1
