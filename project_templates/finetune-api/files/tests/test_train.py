"""A real LoRA run: 2 optimizer steps on a tiny random model, on the CPU (no download).

Skipped unless the `train` extra is installed: pip install -e '.[train]'.
"""

from __future__ import annotations

import dataclasses
import json

import pytest

from {{ cookiecutter.package_name }}.local_model import LocalModel
from {{ cookiecutter.package_name }}.providers import user
from {{ cookiecutter.package_name }}.recipe import load_recipe
from {{ cookiecutter.package_name }}.train import train
from {{ cookiecutter.package_name }}.tuning.hf import TRAIN_EXTRA, missing_packages
from {{ cookiecutter.package_name }}.tuning.settings import with_tiny_model

pytestmark = pytest.mark.skipif(bool(missing_packages()), reason=f"needs the train extra: {TRAIN_EXTRA}")


def test_two_lora_steps_on_a_tiny_model_then_generate(tmp_path):
    recipe = load_recipe()
    small = dataclasses.replace(recipe.training, batch_size=2, gradient_accumulation=1)
    recipe = dataclasses.replace(with_tiny_model(recipe), training=small)
    result = train(recipe, max_steps=2, output_dir=str(tmp_path / "adapter"))
    assert result.steps == 2 and len(result.losses) == 2 and all(loss > 0 for loss in result.losses)
    saved = {p.name for p in (tmp_path / "adapter").iterdir()}
    assert {"adapter_config.json", "adapter_model.safetensors", "recipe.json", "metrics.json"} <= saved
    assert (tmp_path / "adapter" / "base" / "config.json").exists()
    assert json.loads((tmp_path / "adapter" / "recipe.json").read_text())["tiny"] is True
    model = LocalModel(tmp_path / "adapter")
    assert isinstance(model.complete([user("How do I reset my password?")], max_tokens=5), str)
