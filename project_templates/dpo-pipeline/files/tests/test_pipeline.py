from __future__ import annotations

import dataclasses
import json
import shutil

import pytest

from {{ cookiecutter.package_name }}.pipeline import Manifest, PipelineError, describe, run
from {{ cookiecutter.package_name }}.preferences import prepare
from {{ cookiecutter.package_name }}.stages import default_config_dir, load_pipeline
from {{ cookiecutter.package_name }}.tuning.settings import ConfigError


@pytest.fixture
def config(tmp_path):
    return dataclasses.replace(load_pipeline(), runs_dir=tmp_path / "runs")


def fake_runners(calls):
    """Stand-ins for the TRL stages: they make their outputs and report a metric."""
    def runner(name, outputs):
        def run_stage(config, data_dir, max_steps):
            calls.append(name)
            assert (data_dir / name / "train.jsonl").exists()
            for output in outputs:
                (config.runs_dir / output).mkdir(parents=True, exist_ok=True)
            return {"train_loss": 0.5}
        return run_stage
    return {"sft": runner("sft", ["sft/adapter", "sft/merged"]), "reward": runner("reward", ["reward/model"]),
            "dpo": runner("dpo", ["dpo/adapter"]), "best_of_n": runner("dpo", ["best_of_n/samples.jsonl"])}


def test_the_bundled_configs():
    config = load_pipeline()
    assert config.model.name == "{{ cookiecutter.base_model }}"
    assert list(config.stages) == ["sft", "reward", "dpo"]
    dpo = config.stages["dpo"].dpo
    assert dpo.beta == 0.1 and dpo.loss_type == "{{ cookiecutter.dpo_loss }}"
    assert config.stages["sft"].training.learning_rate == 2e-4 and config.stages["reward"].dpo is None
    assert config.best_of_n.n == 4 and config.tracking.report_to == "{{ cookiecutter.report_to }}"


@pytest.mark.parametrize("file,edit,message", [
    ("dpo.yaml", ("beta: 0.1", "beta: 0"), "beta must be above 0"),
    ("dpo.yaml", ("loss_type: {{ cookiecutter.dpo_loss }}", "loss_type: ppo"), "loss_type must be one of"),
    ("reward.yaml", ("lora:", "dpo:\n  beta: 1\nlora:"), "unknown section"),
    ("pipeline.yaml", ("tiny: false", "tiny: false\n  architecture: {hidden_size: 8}"), "architecture needs"),
    ("pipeline.yaml", ("name: ", "name: me/unknown  # "), "no architecture known"),
])
def test_config_mistakes_are_named(tmp_path, file, edit, message):
    shutil.copytree(default_config_dir(), tmp_path / "configs")
    target = tmp_path / "configs" / file
    target.write_text(target.read_text().replace(*edit, 1))
    with pytest.raises(ConfigError, match=message):
        load_pipeline(tmp_path / "configs")


def test_the_dry_run_shows_every_stage_and_the_worked_loss(config, tmp_path):
    text = describe(config, prepare(config.data), tmp_path / "data")
    for expected in ("stage sft:", "stage reward:", "stage dpo:", "trl.DPOTrainer", "runs/sft/merged",
                     "trainable parameters", "GiB", "DPO loss worked by hand", "batch: mean loss",
                     "stage best_of_n:", "x 4 samples", "runs/reward/model", "best_of_n/samples.jsonl"):
        assert expected in text
    assert not (tmp_path / "data").exists()  # a dry run writes nothing
    only = describe(config, prepare(config.data), tmp_path / "data", only=["reward"])
    assert "stage reward:" in only and "stage sft:" not in only


def test_stages_run_in_order_and_are_recorded(config, tmp_path):
    calls = []
    manifest = run(config, prepare(config.data), tmp_path / "data", runners=fake_runners(calls),
                   log=lambda _: None)
    assert calls == ["sft", "reward", "dpo", "dpo"]  # best_of_n reads the DPO stage's data
    saved = json.loads((config.runs_dir / "manifest.json").read_text())["stages"]
    assert saved["dpo"]["status"] == "done" and saved["sft"]["metrics"] == {"train_loss": 0.5}
    assert manifest.done("reward")


def test_done_stages_are_skipped_unless_forced(config, tmp_path):
    calls, logged = [], []
    runners = fake_runners(calls)
    run(config, prepare(config.data), tmp_path / "data", runners=runners, log=logged.append)
    run(config, prepare(config.data), tmp_path / "data", runners=runners, log=logged.append)
    assert calls == ["sft", "reward", "dpo", "dpo"] and "done already" in logged[-1]
    run(config, prepare(config.data), tmp_path / "data", only=["dpo"], force=True, runners=runners,
        log=logged.append)
    assert calls[-1] == "dpo" and len(calls) == 5


def test_best_of_n_needs_the_reward_model(config, tmp_path):
    runners = fake_runners([])
    run(config, prepare(config.data), tmp_path / "data", only=["sft", "dpo"], runners=runners,
        log=lambda _: None)
    with pytest.raises(PipelineError, match="needs .*reward/model: run stage reward first"):
        run(config, prepare(config.data), tmp_path / "data", only=["best_of_n"], runners=runners,
            log=lambda _: None)


@pytest.mark.parametrize("edit,message", [
    (("n: 4", "n: 0"), "n must be between 1 and 64"),
    (("temperature: 0.9", "temperature: 0"), "temperature must be above 0"),
    (("engine: {{ cookiecutter.sampler }}", "engine: tgi"), "engine must be transformers or vllm"),
    (("report_to: {{ cookiecutter.report_to }}", "report_to: comet"), "report_to must be one of none, wandb"),
])
def test_best_of_n_and_tracking_settings_are_checked(tmp_path, edit, message):
    shutil.copytree(default_config_dir(), tmp_path / "configs")
    target = tmp_path / "configs" / "pipeline.yaml"
    target.write_text(target.read_text().replace(*edit, 1))
    with pytest.raises(ConfigError, match=message):
        load_pipeline(tmp_path / "configs")


def test_a_stage_without_its_inputs_names_the_stage_to_run(config, tmp_path):
    with pytest.raises(PipelineError, match="needs .*sft/merged: run stage sft first"):
        run(config, prepare(config.data), tmp_path / "data", only=["dpo"], runners=fake_runners([]),
            log=lambda _: None)
    with pytest.raises(PipelineError, match="unknown stage"):
        run(config, prepare(config.data), tmp_path / "data", only=["ppo"], runners={}, log=lambda _: None)
    assert Manifest.load(config.runs_dir / "manifest.json").stages == {}
