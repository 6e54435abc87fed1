from __future__ import annotations

import pytest

from {{ cookiecutter.package_name }}.cli import main
from {{ cookiecutter.package_name }}.tuning import hf


def test_curate_writes_the_split(capsys, tmp_path):
    assert main(["curate", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "57 records read, 52 kept, 5 dropped" in out and "line 34: too long" in out
    assert (tmp_path / "train.jsonl").exists() and (tmp_path / "eval.jsonl").exists()


def test_dry_run_prints_the_plan_without_torch(capsys):
    assert main(["train", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "{{ cookiecutter.base_model }}" in out
    assert "trainable LoRA parameters" in out and "GPU memory" in out


def test_training_without_the_extra_says_how_to_install_it(capsys, monkeypatch):
    monkeypatch.setattr(hf, "missing_packages", lambda: ["torch", "trl"])
    assert main(["train", "--max-steps", "1"]) == 1
    assert "pip install -e '.[train]'" in capsys.readouterr().err


def test_eval_generate_and_keygen(capsys, tmp_path):
    assert main(["eval", "--limit", "4", "--out", str(tmp_path)]) == 0
    assert "fake-base (before) vs fake (after)" in capsys.readouterr().out
    assert (tmp_path / "report.md").exists()
    assert main(["generate", "How", "do", "I", "reset", "my", "password?"]) == 0
    out, err = capsys.readouterr()
    assert "'Forgot password'" in out and "note: offline stand-in, not a trained model" in err
    assert main(["keygen"]) == 0 and len(capsys.readouterr().out.strip()) >= 40


def test_the_offline_stand_in_refuses_what_it_does_not_know(capsys):
    assert main(["generate", "What is the capital of France?"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("error: the offline stand-in cannot answer this")
    assert "category:" not in err
    assert main(["--provider", "fake-base", "generate", "How do I reset my password?"]) == 1
    assert "knows nothing of this domain" in capsys.readouterr().err


def test_errors_are_one_line(capsys, tmp_path):
    assert main(["--config", str(tmp_path / "none.yaml"), "train", "--dry-run"]) == 1
    assert capsys.readouterr().err.startswith("error: cannot read the configuration")
    assert main(["--provider", "local", "generate", "--adapter", str(tmp_path), "hi"]) == 1
    assert "no trained adapter" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["eval", "--before", "gpt-9"])
    assert main(["--provider", "gpt-9", "generate", "hi"]) == 1
    assert "unknown provider" in capsys.readouterr().err
