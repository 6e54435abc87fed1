from __future__ import annotations

import dataclasses

import pytest

from {{ cookiecutter.package_name }}.plan import make_plan, render
from {{ cookiecutter.package_name }}.recipe import load_recipe
from {{ cookiecutter.package_name }}.tuning import estimate
from {{ cookiecutter.package_name }}.tuning.settings import ConfigError, with_tiny_model

BASE_MODEL = "{{ cookiecutter.base_model }}"


@pytest.fixture(scope="module")
def recipe():
    return load_recipe()


def test_the_bundled_recipe(recipe):
    assert recipe.model.name == BASE_MODEL and not recipe.model.tiny
    assert recipe.lora.r == 16 and recipe.lora.alpha == 32 and recipe.lora.target_modules[0] == "q_proj"
    assert recipe.quantization.quant_type == "nf4"
    assert recipe.quantized is {{ "True" if cookiecutter.method == "qlora" else "False" }}


def test_the_plan_counts_steps_parameters_and_memory(recipe):
    plan = make_plan(recipe)
    arch = estimate.CATALOG[BASE_MODEL]
    assert plan.trainable == estimate.lora_params(arch, 16, ["q_proj", "k_proj", "v_proj", "o_proj"])
    assert plan.steps_per_epoch == 3 and plan.total_steps == 9  # 41 examples / 16 per step, 3 epochs
    assert 50 < plan.tokens["mean"] < 200
    assert plan.first_example.startswith("<|im_start|>system\n")
    text = render(plan)
    for expected in ("trainable LoRA parameters", "GPU memory", "line 10: duplicate", "9 in all",
                     "QLoRA" if recipe.quantized else "LoRA (16-bit base)"):
        assert expected in text


def test_qlora_plans_less_memory_than_lora(recipe):
    def with_4bit(on: bool):
        quantization = dataclasses.replace(recipe.quantization, load_in_4bit=on)
        return dataclasses.replace(recipe, quantization=quantization)

    assert make_plan(with_4bit(True)).memory.total < make_plan(with_4bit(False)).memory.total


def test_a_tiny_plan_describes_the_tiny_model(recipe):
    plan = make_plan(with_tiny_model(recipe))
    assert plan.total_params == estimate.total_params(estimate.TINY) and "tiny random model" in render(plan)


@pytest.mark.parametrize("edit,message", [
    (("alpha: 32", "alhpa: 32"), "did you mean 'alpha'"),
    (("learning_rate: 2.0e-4", "learning_rate: fast"), "learning_rate must be a number"),
    (("target_modules: [q_proj, k_proj, v_proj, o_proj]", "target_modules: [c_attn]"), "c_attn not in"),
    (("data:", "dataset:"), "unknown section"),
])
def test_config_mistakes_are_named(recipe, tmp_path, edit, message):
    text = recipe.source.read_text().replace(*edit, 1)
    (tmp_path / "train.yaml").write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_recipe(tmp_path / "train.yaml")
