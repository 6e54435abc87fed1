"""All four stages for real on a tiny random model on the CPU (no download), and what a run checks
first. The runs are skipped unless the `train` extra is installed: pip install -e '.[train]' (on a
machine without a GPU, install torch's CPU wheel first: see the README).
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import math
from pathlib import Path

import pytest
import yaml

from {{ cookiecutter.package_name }}.pipeline import run
from {{ cookiecutter.package_name }}.preferences import prepare
from {{ cookiecutter.package_name }}.stages import TrackingSettings, load_pipeline
from {{ cookiecutter.package_name }}.tuning import hf
from {{ cookiecutter.package_name }}.tuning.settings import with_tiny_model

needs_train = pytest.mark.skipif(bool(hf.missing_packages()),
                                 reason=f"needs the train extra: {hf.TRAIN_EXTRA}")
ACCELERATE = Path(__file__).resolve().parents[1] / "accelerate.yaml"


@needs_train
def test_sft_reward_dpo_and_best_of_n_on_a_tiny_model(tmp_path):
    config = dataclasses.replace(with_tiny_model(load_pipeline()), runs_dir=tmp_path / "runs",
                                 tracking=TrackingSettings())
    manifest = run(config, prepare(config.data), tmp_path / "data", max_steps=4, log=lambda _: None)
    assert [manifest.stages[s]["metrics"]["steps"] for s in ("sft", "reward", "dpo")] == [4, 4, 4]
    sft = manifest.stages["sft"]["metrics"]
    assert sft["last_loss"] < sft["first_loss"]  # it learned
    assert (tmp_path / "runs" / "sft" / "merged" / "config.json").exists()
    assert (tmp_path / "runs" / "reward" / "model" / "adapter_config.json").exists()
    assert (tmp_path / "runs" / "dpo" / "adapter" / "adapter_model.safetensors").exists()
    assert 0 <= manifest.stages["dpo"]["metrics"]["rewards/accuracies"] <= 1
    # The reward model at work: it ranked n samples per held-out prompt and kept the best.
    best = manifest.stages["best_of_n"]["metrics"]
    assert best["prompts"] == len(prepare(config.data).eval) and best["n"] == config.best_of_n.n
    assert best["reward_best"] >= best["reward_first"] and math.isfinite(best["reward_gain"])
    rows = [json.loads(line) for line in (tmp_path / "runs" / "best_of_n" / "samples.jsonl").open()]
    assert all(row["best_reward"] == max(c["reward"] for c in row["candidates"]) for row in rows)


@needs_train
def test_the_accelerate_config_is_one_accelerate_reads():
    from accelerate.commands.config.config_args import load_config_from_file

    config = load_config_from_file(str(ACCELERATE))
    expected = {"ddp": "MULTI_GPU", "fsdp": "FSDP", "zero2": "DEEPSPEED", "zero3": "DEEPSPEED"}
    assert str(config.distributed_type).split(".")[-1] == expected["{{ cookiecutter.strategy }}"]
    assert config.num_processes == 2 and config.mixed_precision == "bf16"


def test_the_accelerate_config_matches_the_strategy():
    config = yaml.safe_load(ACCELERATE.read_text())
    strategy = "{{ cookiecutter.strategy }}"
    if strategy == "fsdp":
        assert config["fsdp_config"]["fsdp_state_dict_type"] == "FULL_STATE_DICT"
    elif strategy.startswith("zero"):
        assert config["deepspeed_config"]["zero_stage"] == int(strategy[-1])
    else:
        assert config["distributed_type"] == "MULTI_GPU"
    launch = "accelerate launch --config_file accelerate.yaml -m {{ cookiecutter.package_name }}.cli"
    assert launch in ACCELERATE.read_text()


@needs_train
def test_tracking_needs_its_package_before_anything_loads(monkeypatch, tmp_path):
    config = dataclasses.replace(with_tiny_model(load_pipeline()), runs_dir=tmp_path / "runs",
                                 tracking=TrackingSettings("wandb"))
    find_spec = importlib.util.find_spec
    monkeypatch.setattr("importlib.util.find_spec",
                        lambda name, *rest: None if name == "wandb" else find_spec(name, *rest))
    with pytest.raises(hf.TrainingUnavailable, match=r"pip install -e '\.\[wandb\]'"):
        run(config, prepare(config.data), tmp_path / "data", max_steps=1, log=lambda _: None)
    assert not (tmp_path / "runs").exists()
