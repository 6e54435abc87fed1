"""The Hugging Face side of training: tokenizer, model, 4-bit loading, LoRA and trainer settings.

Needs the `train` extra (torch, transformers, peft, trl, datasets, bitsandbytes). Nothing imports
this module until a real training run or a local model is asked for, so the default install, the
dry runs and the service on the fake provider never load torch.

`model.tiny: true` builds a small randomly initialised model of the Llama family and a word-level
tokenizer from the training texts: no download, a few seconds on a CPU. It proves the pipeline
runs end to end; it learns nothing useful.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .records import CHAT_END, CHAT_START, chat_text
from .settings import LoraSettings, ModelSettings, QuantSettings, TrainingSettings

TRAIN_EXTRA = "pip install -e '.[train]'"
STACK = ("torch", "transformers", "peft", "trl", "datasets")
SPECIAL_TOKENS = ("<pad>", "<unk>", "<s>", CHAT_START, CHAT_END)


class TrainingUnavailable(RuntimeError):
    """The training stack is not installed, or this machine cannot run what the config asks for."""


def missing_packages() -> list[str]:
    return [name for name in STACK if importlib.util.find_spec(name) is None]


def require_training_stack() -> None:
    missing = missing_packages()
    if missing:
        raise TrainingUnavailable(f"training needs {', '.join(missing)}: {TRAIN_EXTRA} "
                                  "(or check the plan without it: --dry-run)")
    import datasets
    import transformers

    transformers.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    datasets.disable_progress_bars()


def check_device(model: ModelSettings, quant: QuantSettings) -> bool:
    """Whether the base model gets 4-bit weights; TrainingUnavailable when that needs a GPU we lack."""
    import torch

    quantize = quant.load_in_4bit and not model.tiny
    if quantize and not torch.cuda.is_available():
        raise TrainingUnavailable("4-bit QLoRA needs a CUDA GPU (bitsandbytes); on this machine set "
                                  "quantization.load_in_4bit: false to train plain LoRA, or "
                                  "model.tiny: true for a CPU smoke test")
    return quantize


@contextmanager
def loading(source: str) -> Iterator[None]:
    """A model or tokenizer that cannot be loaded (no network, unknown id, gated) as one clear error."""
    try:
        yield
    except OSError as exc:
        raise TrainingUnavailable(f"cannot load {source}: {str(exc).strip().splitlines()[0]}") from None


def tiny_tokenizer(texts: list[str]):
    """A word-level tokenizer over the words of `texts`, with the chat markers as special tokens."""
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    words = sorted({w for text in texts for w in re.findall(r"\w+|[^\w\s]", text.lower())})
    vocab = {token: index for index, token in enumerate([*SPECIAL_TOKENS, *words])}
    backend = Tokenizer(models.WordLevel(vocab=vocab, unk_token="<unk>"))
    backend.normalizer = normalizers.Lowercase()
    backend.pre_tokenizer = pre_tokenizers.Whitespace()
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=backend, pad_token="<pad>", unk_token="<unk>",
                                        bos_token="<s>", eos_token=CHAT_END)
    tokenizer.add_special_tokens({"additional_special_tokens": [CHAT_START, CHAT_END]})
    return tokenizer


def load_tokenizer(model: ModelSettings, texts: list[str], path: str | None = None):
    """The model's tokenizer (from `path` when a previous stage saved one), with a padding token."""
    if model.tiny and path is None:
        return tiny_tokenizer(texts)
    from transformers import AutoTokenizer

    with loading(path or model.name):
        tokenizer = AutoTokenizer.from_pretrained(path or model.name)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer


def format_chat(tokenizer, messages: list[dict[str, str]], add_generation_prompt: bool = False) -> str:
    """The model's own chat template when it has one, else the ChatML layout of records.chat_text."""
    if getattr(tokenizer, "chat_template", None):
        return tokenizer.apply_chat_template(messages, tokenize=False,
                                             add_generation_prompt=add_generation_prompt)
    return chat_text(messages, add_generation_prompt)


def bnb_config(quant: QuantSettings):
    """QLoRA's 4-bit setting: NF4 weights, double quantization, bf16 compute (bitsandbytes)."""
    import torch
    from transformers import BitsAndBytesConfig

    compute = getattr(torch, quant.compute_dtype)
    extra = {}
    if os.environ.get("ACCELERATE_USE_FSDP", "").lower() in ("1", "true"):
        # FSDP shards flat parameters of one dtype: QLoRA under FSDP stores the 4-bit weights in the
        # compute dtype (transformers' and PEFT's "FSDP + QLoRA" guides).
        extra["bnb_4bit_quant_storage"] = compute
    return BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type=quant.quant_type,
                              bnb_4bit_use_double_quant=quant.double_quant, bnb_4bit_compute_dtype=compute,
                              **extra)


def device_map() -> Any:
    """Where a quantized model loads: spread over the GPUs ("auto") in one process; under
    `accelerate launch` or torchrun (WORLD_SIZE > 1) the whole model on this process's own GPU."""
    if int(os.environ.get("WORLD_SIZE", "1")) > 1:
        from accelerate import PartialState

        return {"": PartialState().local_process_index}
    return "auto"


def load_model(model: ModelSettings, quant: QuantSettings, tokenizer, *, path: str | None = None,
               reward: bool = False, seed: int = 0):
    """A causal LM, or with `reward` a sequence classifier with one output (a reward model).

    `path` loads what an earlier stage saved; otherwise the tiny random model or the Hub model.
    """
    import torch
    from transformers import AutoModelForCausalLM, AutoModelForSequenceClassification

    auto = AutoModelForSequenceClassification if reward else AutoModelForCausalLM
    extra: dict[str, Any] = {"num_labels": 1} if reward else {}
    if model.tiny and path is None:
        from transformers import LlamaConfig

        arch = model.arch()
        config = LlamaConfig(
            vocab_size=len(tokenizer), hidden_size=arch.hidden_size, intermediate_size=arch.intermediate_size,
            num_hidden_layers=arch.num_layers, num_attention_heads=arch.num_heads,
            num_key_value_heads=arch.num_kv_heads, max_position_embeddings=1024,
            pad_token_id=tokenizer.pad_token_id, bos_token_id=tokenizer.bos_token_id,
            eos_token_id=tokenizer.eos_token_id, **extra)
        torch.manual_seed(seed)
        loaded = auto.from_config(config)
    else:
        quantize = check_device(model, quant)
        if quantize:
            extra |= {"quantization_config": bnb_config(quant), "device_map": device_map()}
        with loading(path or model.name):
            loaded = auto.from_pretrained(path or model.name, **extra)
        if quantize:
            from peft import prepare_model_for_kbit_training

            loaded = prepare_model_for_kbit_training(loaded)
    loaded.config.pad_token_id = tokenizer.pad_token_id
    return loaded


def lora_config(lora: LoraSettings, task_type: str = "CAUSAL_LM"):
    """PEFT's LoraConfig; task_type SEQ_CLS for a reward model."""
    from peft import LoraConfig

    return LoraConfig(r=lora.r, lora_alpha=lora.alpha, lora_dropout=lora.dropout,
                      target_modules=list(lora.target_modules), bias="none", task_type=task_type)


def trainer_args(config_class, training: TrainingSettings, output_dir: str, *, cpu: bool,
                 max_steps: int | None = None, **stage: Any):
    """A TRL config (SFTConfig, RewardConfig, DPOConfig) from the YAML training settings."""
    import torch

    names = {f.name for f in dataclasses.fields(config_class)}
    on_gpu = torch.cuda.is_available() and not cpu
    args: dict[str, Any] = {
        "output_dir": output_dir, "learning_rate": training.learning_rate,
        "num_train_epochs": training.epochs, "per_device_train_batch_size": training.batch_size,
        "gradient_accumulation_steps": training.gradient_accumulation,
        "lr_scheduler_type": training.lr_scheduler,
        "gradient_checkpointing": training.gradient_checkpointing and on_gpu, "seed": training.seed,
        "logging_steps": 1 if max_steps else training.logging_steps, "max_length": training.max_seq_length,
        "report_to": [], "save_strategy": "no", "use_cpu": not on_gpu, "disable_tqdm": True,
        "bf16": on_gpu and torch.cuda.is_bf16_supported(), "max_steps": max_steps or -1,
    }
    # transformers 5 folded warmup_ratio into warmup_steps (a float below 1 is a ratio).
    args["warmup_ratio" if "warmup_ratio" in names else "warmup_steps"] = training.warmup_ratio
    common = {key: value for key, value in args.items() if key in names}  # what this TRL version knows
    return config_class(**common, **stage)
