"""The fine-tuned model on this machine: the base model plus the LoRA adapter `train` wrote.

Two engines, chosen with LOCAL_ENGINE (default: {{ cookiecutter.serving }}, the answer given when the
project was made):

    transformers  generates in-process with transformers + PEFT (the `train` extra; CPU or GPU)
    vllm          vLLM's engine serves the base model and applies the adapter per request
                  (`LoRARequest`): batched, paged KV cache, much faster on a GPU (the `vllm` extra;
                  Linux and a CUDA GPU)

`train` leaves `recipe.json` next to the adapter saying which base model it was trained on (for a
tiny test model, the random base itself is saved in `base/`). Both engines format the prompt with
the same chat template the training used.
"""

from __future__ import annotations

import importlib
import json
import os
from pathlib import Path

from .providers import Message, ProviderError, hash_embedding
from .providers.base import as_dicts
from .tuning import hf

ENGINES = ("transformers", "vllm")
DEFAULT_ENGINE = "{{ cookiecutter.serving }}"


def read_recipe(directory: Path) -> dict:
    recipe_file = directory / "recipe.json"
    if not recipe_file.is_file():
        raise ProviderError(f"no trained adapter in {directory}: run `train` first (or set ADAPTER_DIR)")
    return json.loads(recipe_file.read_text(encoding="utf-8"))


def base_model(directory: Path, recipe: dict) -> str:
    return str(directory / "base") if (directory / "base").is_dir() else recipe["base_model"]


def engine_name(name: str | None = None) -> str:
    engine = (name or os.environ.get("LOCAL_ENGINE") or DEFAULT_ENGINE).strip().lower()
    if engine not in ENGINES:
        raise ProviderError(f"LOCAL_ENGINE must be one of {', '.join(ENGINES)}, not '{engine}'")
    return engine


def load_local(adapter_dir: str | Path, use_adapter: bool = True, engine: str | None = None):
    """The local model on the chosen engine."""
    chosen = VllmModel if engine_name(engine) == "vllm" else LocalModel
    return chosen(adapter_dir, use_adapter)


class LocalModel:
    def __init__(self, adapter_dir: str | Path, use_adapter: bool = True):
        directory = Path(adapter_dir)
        recipe = read_recipe(directory)
        self.name = "local" if use_adapter else "local-base"
        try:
            self.tokenizer, self.model = self._load(directory, recipe, use_adapter)
        except hf.TrainingUnavailable as exc:
            raise ProviderError(str(exc)) from None

    @staticmethod
    def _load(directory: Path, recipe: dict, use_adapter: bool):
        hf.require_training_stack()
        from transformers import AutoModelForCausalLM, AutoTokenizer

        base = base_model(directory, recipe)
        with hf.loading(base):
            tokenizer = AutoTokenizer.from_pretrained(directory)
            model = AutoModelForCausalLM.from_pretrained(base)
        if use_adapter:
            from peft import PeftModel

            model = PeftModel.from_pretrained(model, directory)
        return tokenizer, model.eval()

    def complete(self, messages: list[Message], *, temperature: float = 0.0, max_tokens: int = 256) -> str:
        import torch

        prompt = hf.format_chat(self.tokenizer, as_dicts(messages), add_generation_prompt=True)
        inputs = self.tokenizer(prompt, return_tensors="pt", add_special_tokens=False).to(self.model.device)
        sampling = {"do_sample": temperature > 0} | ({"temperature": temperature} if temperature > 0 else {})
        with torch.no_grad():
            output = self.model.generate(**inputs, max_new_tokens=max_tokens, **sampling,
                                         pad_token_id=self.tokenizer.pad_token_id)
        new_tokens = output[0][inputs["input_ids"].shape[1]:]
        return self.tokenizer.decode(new_tokens, skip_special_tokens=True).strip()

    def embed(self, texts: list[str]) -> list[list[float]]:
        return [hash_embedding(text) for text in texts]


class VllmModel:
    """The base model on vLLM's engine, with the LoRA adapter applied to each request."""

    def __init__(self, adapter_dir: str | Path, use_adapter: bool = True):
        directory = Path(adapter_dir)
        recipe = read_recipe(directory)
        self.name = "local" if use_adapter else "local-base"
        try:
            vllm = importlib.import_module("vllm")
            lora_request = importlib.import_module("vllm.lora.request")
        except ImportError:
            raise ProviderError("the vllm engine needs the 'vllm' package (Linux, CUDA GPU): "
                                "pip install -e '.[vllm]', or LOCAL_ENGINE=transformers") from None
        self.vllm = vllm
        rank = int(recipe.get("lora", {}).get("r", 16))
        self.llm = vllm.LLM(model=base_model(directory, recipe), tokenizer=str(directory),
                            enable_lora=use_adapter, max_lora_rank=max(rank, 8), seed=0)
        self.lora = lora_request.LoRARequest("adapter", 1, str(directory)) if use_adapter else None

    def complete(self, messages: list[Message], *, temperature: float = 0.0, max_tokens: int = 256) -> str:
        prompt = hf.format_chat(self.llm.get_tokenizer(), as_dicts(messages), add_generation_prompt=True)
        params = self.vllm.SamplingParams(temperature=temperature, max_tokens=max_tokens)
        outputs = self.llm.generate([prompt], params, lora_request=self.lora, use_tqdm=False)
        return outputs[0].outputs[0].text.strip()

    def embed(self, texts: list[str]) -> list[list[float]]:
        return [hash_embedding(text) for text in texts]
