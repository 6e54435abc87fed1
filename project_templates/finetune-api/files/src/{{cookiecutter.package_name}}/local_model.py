"""The fine-tuned model on this machine: the base model plus the LoRA adapter `train` wrote.

Needs the `train` extra. `train` leaves `recipe.json` next to the adapter saying which base model
it was trained on (for a tiny test model, the random base itself is saved in `base/`).
"""

from __future__ import annotations

import json
from pathlib import Path

from .providers import Message, ProviderError, hash_embedding
from .tuning import hf


class LocalModel:
    def __init__(self, adapter_dir: str | Path, use_adapter: bool = True):
        directory = Path(adapter_dir)
        recipe_file = directory / "recipe.json"
        if not recipe_file.is_file():
            raise ProviderError(f"no trained adapter in {directory}: run `train` first (or set ADAPTER_DIR)")
        self.name = "local" if use_adapter else "local-base"
        try:
            self.tokenizer, self.model = self._load(directory, use_adapter)
        except hf.TrainingUnavailable as exc:
            raise ProviderError(str(exc)) from None

    @staticmethod
    def _load(directory: Path, use_adapter: bool):
        hf.require_training_stack()
        from transformers import AutoModelForCausalLM, AutoTokenizer

        recipe = json.loads((directory / "recipe.json").read_text(encoding="utf-8"))
        base = directory / "base" if (directory / "base").is_dir() else recipe["base_model"]
        with hf.loading(str(base)):
            tokenizer = AutoTokenizer.from_pretrained(directory)
            model = AutoModelForCausalLM.from_pretrained(base)
        if use_adapter:
            from peft import PeftModel

            model = PeftModel.from_pretrained(model, directory)
        return tokenizer, model.eval()

    def complete(self, messages: list[Message], *, temperature: float = 0.0, max_tokens: int = 256) -> str:
        import torch

        chat = [{"role": m.role, "content": m.content} for m in messages]
        prompt = hf.format_chat(self.tokenizer, chat, add_generation_prompt=True)
        inputs = self.tokenizer(prompt, return_tensors="pt", add_special_tokens=False).to(self.model.device)
        sampling = {"do_sample": temperature > 0} | ({"temperature": temperature} if temperature > 0 else {})
        with torch.no_grad():
            output = self.model.generate(**inputs, max_new_tokens=max_tokens, **sampling,
                                         pad_token_id=self.tokenizer.pad_token_id)
        new_tokens = output[0][inputs["input_ids"].shape[1]:]
        return self.tokenizer.decode(new_tokens, skip_special_tokens=True).strip()

    def embed(self, texts: list[str]) -> list[list[float]]:
        return [hash_embedding(text) for text in texts]
