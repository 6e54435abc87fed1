"""The best-of-n stage's vLLM sampler. vLLM needs Linux and a CUDA GPU, so it is tested against a
stand-in `vllm` module that records what it is asked (the same calls vLLM's LLM offers)."""

from __future__ import annotations

import dataclasses
import sys
import types

import pytest

from {{ cookiecutter.package_name }}.stages import BestOfNSettings, load_pipeline
from {{ cookiecutter.package_name }}.train import vllm_sampler
from {{ cookiecutter.package_name }}.tuning.hf import TrainingUnavailable


class FakeLLM:
    made: list[FakeLLM] = []

    def __init__(self, **options):
        self.options, self.calls = options, []
        FakeLLM.made.append(self)

    def generate(self, prompts, params, lora_request=None, use_tqdm=True):
        self.calls.append((prompts, params, lora_request))
        texts = [f" sample {i} " for i in range(params["n"])]
        return [types.SimpleNamespace(outputs=[types.SimpleNamespace(text=t) for t in texts])]


@pytest.fixture
def fake_vllm(monkeypatch):
    vllm = types.ModuleType("vllm")
    vllm.LLM = FakeLLM
    vllm.SamplingParams = lambda **kw: kw
    request = types.ModuleType("vllm.lora.request")
    request.LoRARequest = lambda name, number, path: (name, number, path)
    monkeypatch.setitem(sys.modules, "vllm", vllm)
    monkeypatch.setitem(sys.modules, "vllm.lora", types.ModuleType("vllm.lora"))
    monkeypatch.setitem(sys.modules, "vllm.lora.request", request)
    FakeLLM.made.clear()
    return FakeLLM


def test_vllm_samples_n_answers_from_the_sft_model_with_the_dpo_adapter(fake_vllm, tmp_path):
    config = dataclasses.replace(load_pipeline(), best_of_n=BestOfNSettings(n=3, max_new_tokens=20,
                                                                            temperature=0.7, engine="vllm"))
    generate = vllm_sampler(config, tmp_path / "sft" / "merged", tmp_path / "dpo" / "adapter")
    assert generate("PROMPT", 3) == ["sample 0", "sample 1", "sample 2"]
    llm = fake_vllm.made[0]
    assert llm.options["model"] == str(tmp_path / "sft" / "merged") and llm.options["enable_lora"] is True
    assert llm.options["max_lora_rank"] == config.stages["dpo"].lora.r
    prompts, params, lora = llm.calls[0]
    assert prompts == ["PROMPT"] and lora == ("dpo", 1, str(tmp_path / "dpo" / "adapter"))
    seed = config.stages["dpo"].training.seed
    assert params == {"n": 3, "temperature": 0.7, "max_tokens": 20, "seed": seed}


def test_vllm_missing_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "vllm", None)
    with pytest.raises(TrainingUnavailable, match=r"pip install -e '\.\[vllm\]' \(or engine: transformers\)"):
        vllm_sampler(load_pipeline(), tmp_path, tmp_path)
    assert load_pipeline().best_of_n.engine == "{{ cookiecutter.sampler }}"
