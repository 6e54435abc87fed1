"""A real LoRA run on a tiny random model, on the CPU (no download), and what training checks first.

The runs are skipped unless the `train` extra is installed: pip install -e '.[train]' (on a
machine without a GPU, install torch's CPU wheel first: see the README).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
import yaml

from {{ cookiecutter.package_name }}.local_model import LocalModel
from {{ cookiecutter.package_name }}.providers import user
from {{ cookiecutter.package_name }}.recipe import TrackingSettings, load_recipe
from {{ cookiecutter.package_name }}.train import check_extras, train
from {{ cookiecutter.package_name }}.tuning import hf
from {{ cookiecutter.package_name }}.tuning.settings import ConfigError, with_tiny_model

needs_train = pytest.mark.skipif(bool(hf.missing_packages()),
                                 reason=f"needs the train extra: {hf.TRAIN_EXTRA}")
ACCELERATE = Path(__file__).resolve().parents[1] / "accelerate.yaml"


@needs_train
def test_lora_steps_on_a_tiny_model_lower_the_loss_then_generate(tmp_path):
    recipe = load_recipe()
    training = dataclasses.replace(recipe.training, batch_size=4)
    recipe = dataclasses.replace(with_tiny_model(recipe), training=training, tracking=TrackingSettings())
    result = train(recipe, max_steps=6, output_dir=str(tmp_path / "adapter"))
    assert result.steps == 6 and len(result.losses) == 6 and result.world_size == 1
    assert result.lowered, result.losses
    saved = {p.name for p in (tmp_path / "adapter").iterdir()}
    assert {"adapter_config.json", "adapter_model.safetensors", "recipe.json", "metrics.json"} <= saved
    assert (tmp_path / "adapter" / "base" / "config.json").exists()
    assert json.loads((tmp_path / "adapter" / "recipe.json").read_text())["tiny"] is True
    assert json.loads((tmp_path / "adapter" / "metrics.json").read_text())["processes"] == 1
    model = LocalModel(tmp_path / "adapter")
    assert isinstance(model.complete([user("How do I reset my password?")], max_tokens=5), str)


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


def test_tracking_and_qlora_need_their_packages_before_anything_loads(monkeypatch):
    recipe = load_recipe()
    lora = dataclasses.replace(recipe.quantization, load_in_4bit=False)
    wandb = dataclasses.replace(recipe, tracking=TrackingSettings(report_to="wandb"), quantization=lora)
    monkeypatch.setattr("importlib.util.find_spec", lambda name: None)
    with pytest.raises(hf.TrainingUnavailable, match=r"pip install -e '\.\[wandb\]'"):
        check_extras(wandb)
    four_bit = dataclasses.replace(recipe.quantization, load_in_4bit=True)
    qlora = dataclasses.replace(recipe, quantization=four_bit, tracking=TrackingSettings())
    with pytest.raises(hf.TrainingUnavailable, match=r"pip install -e '\.\[train,qlora\]'"):
        check_extras(qlora)
    check_extras(with_tiny_model(qlora))  # the tiny model is never quantized


def test_the_recipe_says_where_curves_go(tmp_path):
    assert load_recipe().tracking.report_to == "{{ cookiecutter.report_to }}"
    bad = tmp_path / "train.yaml"
    bad.write_text(load_recipe().source.read_text().replace("report_to: {{ cookiecutter.report_to }}",
                                                            "report_to: comet"))
    with pytest.raises(ConfigError, match="report_to must be one of none, wandb"):
        load_recipe(bad)


@needs_train
def test_report_to_reaches_the_trainer(tmp_path):
    from {{ cookiecutter.package_name }}.train import trainer_config

    recipe = with_tiny_model(load_recipe())
    none = dataclasses.replace(recipe, tracking=TrackingSettings())
    assert trainer_config(none, tmp_path, 1).report_to in ([], ["none"], "none")
    wandb = dataclasses.replace(recipe, tracking=TrackingSettings("wandb", "demo"))
    args = trainer_config(wandb, tmp_path, 1)
    assert args.report_to == ["wandb"] and args.ddp_find_unused_parameters is False
