"""All three stages for real, 2 optimizer steps each, on a tiny random model on the CPU (no download).

Skipped unless the `train` extra is installed: pip install -e '.[train]'.
"""

from __future__ import annotations

import dataclasses

import pytest

from {{ cookiecutter.package_name }}.pipeline import run
from {{ cookiecutter.package_name }}.preferences import prepare
from {{ cookiecutter.package_name }}.stages import load_pipeline
from {{ cookiecutter.package_name }}.tuning.hf import TRAIN_EXTRA, missing_packages
from {{ cookiecutter.package_name }}.tuning.settings import with_tiny_model

pytestmark = pytest.mark.skipif(bool(missing_packages()), reason=f"needs the train extra: {TRAIN_EXTRA}")


def test_sft_reward_and_dpo_on_a_tiny_model(tmp_path):
    config = dataclasses.replace(with_tiny_model(load_pipeline()), runs_dir=tmp_path / "runs")
    manifest = run(config, prepare(config.data), tmp_path / "data", max_steps=2, log=lambda _: None)
    assert [manifest.stages[s]["metrics"]["steps"] for s in ("sft", "reward", "dpo")] == [2, 2, 2]
    assert (tmp_path / "runs" / "sft" / "merged" / "config.json").exists()
    assert (tmp_path / "runs" / "reward" / "model" / "adapter_config.json").exists()
    assert (tmp_path / "runs" / "dpo" / "adapter" / "adapter_model.safetensors").exists()
    assert 0 <= manifest.stages["dpo"]["metrics"]["rewards/accuracies"] <= 1
