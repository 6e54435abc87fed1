"""The local model's engines. vLLM needs Linux and a CUDA GPU, so its engine is tested against a
stand-in `vllm` module that records what it is asked (the same calls vLLM's LLM offers)."""

from __future__ import annotations

import json
import sys
import types

import pytest

from {{ cookiecutter.package_name }}.generators import get_generator
from {{ cookiecutter.package_name }}.local_model import VllmModel, engine_name
from {{ cookiecutter.package_name }}.providers import ProviderError, system, user


class FakeLLM:
    """vllm.LLM's surface: get_tokenizer() and generate(prompts, params, lora_request=...)."""

    made: list[FakeLLM] = []

    def __init__(self, **options):
        self.options, self.calls = options, []
        FakeLLM.made.append(self)

    def get_tokenizer(self):
        return types.SimpleNamespace(chat_template=None)  # no template: the ChatML layout training used

    def generate(self, prompts, params, lora_request=None, use_tqdm=True):
        self.calls.append((prompts, params, lora_request))
        return [types.SimpleNamespace(outputs=[types.SimpleNamespace(text=" category: billing ")])]


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


@pytest.fixture
def adapter(tmp_path):
    recipe = {"base_model": "Qwen/Qwen2.5-0.5B-Instruct", "lora": {"r": 16}, "tiny": False}
    (tmp_path / "recipe.json").write_text(json.dumps(recipe))
    return tmp_path


def test_vllm_serves_the_base_model_with_the_adapter_per_request(fake_vllm, adapter, monkeypatch):
    monkeypatch.setenv("LOCAL_ENGINE", "vllm")
    model = get_generator("local", adapter_dir=str(adapter))
    assert isinstance(model, VllmModel) and model.name == "local"
    answer = model.complete([system("You triage."), user("I was charged twice")], max_tokens=12)
    assert answer == "category: billing"
    llm = fake_vllm.made[0]
    assert llm.options["model"] == "Qwen/Qwen2.5-0.5B-Instruct" and llm.options["enable_lora"] is True
    assert llm.options["tokenizer"] == str(adapter) and llm.options["max_lora_rank"] == 16
    prompts, params, lora = llm.calls[0]
    assert prompts == ["<|im_start|>system\nYou triage.<|im_end|>\n<|im_start|>user\nI was charged twice"
                       "<|im_end|>\n<|im_start|>assistant\n"]
    assert params == {"temperature": 0.0, "max_tokens": 12} and lora == ("adapter", 1, str(adapter))


def test_vllm_without_the_adapter_is_the_before_model(fake_vllm, adapter):
    model = VllmModel(adapter, use_adapter=False)
    model.complete([user("hi")])
    assert model.name == "local-base" and fake_vllm.made[0].options["enable_lora"] is False
    assert fake_vllm.made[0].calls[0][2] is None
    (adapter / "base").mkdir()  # a tiny test model's random base is served from the adapter folder
    VllmModel(adapter)
    assert fake_vllm.made[1].options["model"] == str(adapter / "base")


def test_vllm_missing_says_how_to_install_it(adapter, monkeypatch):
    monkeypatch.setitem(sys.modules, "vllm", None)  # import vllm raises ImportError
    with pytest.raises(ProviderError, match=r"pip install -e '\.\[vllm\]', or LOCAL_ENGINE=transformers"):
        VllmModel(adapter)


def test_the_engine_is_checked(monkeypatch, tmp_path):
    assert engine_name("VLLM") == "vllm"
    monkeypatch.setenv("LOCAL_ENGINE", "tgi")
    with pytest.raises(ProviderError, match="LOCAL_ENGINE must be one of transformers, vllm"):
        engine_name()
    monkeypatch.setenv("LOCAL_ENGINE", "vllm")
    with pytest.raises(ProviderError, match="no trained adapter"):
        get_generator("local", adapter_dir=str(tmp_path))
