from __future__ import annotations

from {{ cookiecutter.package_name }}.cli import main
from {{ cookiecutter.package_name }}.tuning import hf


def test_prepare_writes_every_stage(capsys, tmp_path):
    assert main(["--data-dir", str(tmp_path), "prepare"]) == 0
    assert "30 pairs read, 25 kept, 5 dropped" in capsys.readouterr().out
    assert {p.name for p in tmp_path.iterdir()} == {"pairs", "sft", "reward", "dpo"}


def test_dry_run_without_torch(capsys, tmp_path):
    assert main(["--data-dir", str(tmp_path / "data"), "run", "--dry-run", "--stage", "dpo"]) == 0
    out = capsys.readouterr().out
    assert "stage dpo:" in out and "stage sft:" not in out and "batch: mean loss" in out
    assert not (tmp_path / "data").exists()


def test_the_loss_of_given_log_probs(capsys):
    logps = ["--logps", "-10", "-14", "-11", "-13"]
    assert main(["loss", *logps, "--loss-type", "sigmoid", "--beta", "0.1"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].endswith("= 0.5981")
    assert main(["loss"]) == 0
    assert "worked by hand" in capsys.readouterr().out


def test_audit_and_cards(capsys, tmp_path):
    assert main(["audit", "--limit", "3"]) == 0
    assert capsys.readouterr().out.startswith("3 pairs judged in both orders")
    assert main(["cards", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "BLOG.md").exists() and "wrote" in capsys.readouterr().out


def test_running_without_the_train_extra_says_how_to_install_it(capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(hf, "missing_packages", lambda: ["torch"])
    assert main(["--data-dir", str(tmp_path), "run", "--max-steps", "1"]) == 1
    assert "pip install -e '.[train]'" in capsys.readouterr().err
    assert main(["--configs", str(tmp_path / "nowhere"), "prepare"]) == 1
    assert "cannot read the configuration" in capsys.readouterr().err


def test_output_into_a_closed_pipe_ends_quietly(run_into_closed_pipe):
    # `dpo-pipeline run --dry-run | head`: the reader leaves early; no BrokenPipeError traceback
    proc = run_into_closed_pipe("run", "--dry-run")
    assert proc.stderr == "" and proc.returncode == 1
