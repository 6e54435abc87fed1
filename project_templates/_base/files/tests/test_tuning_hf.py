"""The Hugging Face side, on a tiny random model: skipped unless the `train` extra is installed."""

from __future__ import annotations

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")
peft = pytest.importorskip("peft")

from {{ cookiecutter.package_name }}.tuning import estimate, hf  # noqa: E402
from {{ cookiecutter.package_name }}.tuning.settings import (  # noqa: E402
    LoraSettings,
    ModelSettings,
    QuantSettings,
)


def test_the_tiny_model_has_exactly_the_estimated_trainable_parameters():
    tokenizer = hf.tiny_tokenizer(["Reset your password from the login page.", "Invoices are monthly."])
    assert tokenizer("<|im_start|>user\nreset<|im_end|>").input_ids[0] == tokenizer.convert_tokens_to_ids(
        "<|im_start|>")
    model_settings = ModelSettings("any/model", tiny=True)
    model = hf.load_model(model_settings, QuantSettings(), tokenizer)
    lora = LoraSettings(r=4, alpha=8, target_modules=("q_proj", "v_proj"))
    wrapped = peft.get_peft_model(model, hf.lora_config(lora))
    trainable = sum(p.numel() for p in wrapped.parameters() if p.requires_grad)
    assert trainable == estimate.lora_params(model_settings.arch(), 4, ["q_proj", "v_proj"])


def test_a_model_that_cannot_be_loaded_is_one_clear_error(tmp_path):
    with pytest.raises(hf.TrainingUnavailable, match="cannot load"):
        hf.load_tokenizer(ModelSettings("any/model"), [], path=str(tmp_path / "nothing-here"))


def test_chat_formatting_falls_back_to_chatml_without_a_template():
    tokenizer = hf.tiny_tokenizer(["hello"])
    text = hf.format_chat(tokenizer, [{"role": "user", "content": "hello"}], add_generation_prompt=True)
    assert text == "<|im_start|>user\nhello<|im_end|>\n<|im_start|>assistant\n"


def test_a_quantized_model_loads_whole_on_its_own_gpu_under_a_launcher(monkeypatch):
    accelerate = pytest.importorskip("accelerate")
    monkeypatch.delenv("WORLD_SIZE", raising=False)
    assert hf.device_map() == "auto"  # one process: spread over the GPUs there are

    class Rank1:  # what accelerate.PartialState says in the second process of `accelerate launch`
        local_process_index = 1

    monkeypatch.setattr(accelerate, "PartialState", Rank1)
    monkeypatch.setenv("WORLD_SIZE", "2")
    assert hf.device_map() == {"": 1}


def test_qlora_under_fsdp_stores_the_4bit_weights_in_the_compute_dtype(monkeypatch):
    import torch

    monkeypatch.delenv("ACCELERATE_USE_FSDP", raising=False)
    assert hf.bnb_config(QuantSettings()).bnb_4bit_quant_storage == torch.uint8
    monkeypatch.setenv("ACCELERATE_USE_FSDP", "true")
    config = hf.bnb_config(QuantSettings())
    assert config.bnb_4bit_quant_storage == config.bnb_4bit_compute_dtype
