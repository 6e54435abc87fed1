"""The real training run: supervised fine-tuning with TRL's SFTTrainer and a PEFT LoRA adapter.

Needs the `train` extra. With `quantization.load_in_4bit` (QLoRA) the base model is loaded in
4-bit NF4 by bitsandbytes on a CUDA GPU; `model.tiny` trains a small random model on the CPU
instead, to prove the pipeline end to end in seconds.

Writes to training.output_dir: the adapter (adapter_model.safetensors, adapter_config.json), the
tokenizer, `recipe.json` (what the adapter was trained on) and `metrics.json` (the loss curve).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .curate import curate
from .recipe import Recipe
from .tuning import hf, records


@dataclass
class TrainResult:
    output_dir: Path
    steps: int
    loss: float
    losses: list[float]


def train(recipe: Recipe, *, max_steps: int | None = None, output_dir: str | None = None) -> TrainResult:
    hf.require_training_stack()
    hf.check_device(recipe.model, recipe.quantization)
    from datasets import Dataset
    from trl import SFTConfig, SFTTrainer

    data = curate(recipe.data)
    system = recipe.data.system_prompt
    out = Path(output_dir or recipe.training.output_dir)
    chats = [example.messages(system) for example in data.train]
    tokenizer = hf.load_tokenizer(recipe.model, [records.chat_text(chat) for chat in chats])
    model = hf.load_model(recipe.model, recipe.quantization, tokenizer, seed=recipe.training.seed)
    if recipe.model.tiny:  # a random base cannot be downloaded again: keep it next to the adapter
        model.save_pretrained(str(out / "base"))
    dataset = Dataset.from_list([{"text": hf.format_chat(tokenizer, chat)} for chat in chats])
    args = hf.trainer_args(SFTConfig, recipe.training, str(out), cpu=recipe.model.tiny, max_steps=max_steps,
                           dataset_text_field="text")
    trainer = SFTTrainer(model=model, args=args, train_dataset=dataset, processing_class=tokenizer,
                         peft_config=hf.lora_config(recipe.lora))
    result = trainer.train()
    trainer.save_model(str(out))
    tokenizer.save_pretrained(str(out))
    losses = [entry["loss"] for entry in trainer.state.log_history if "loss" in entry]
    lora = {"r": recipe.lora.r, "alpha": recipe.lora.alpha, "targets": list(recipe.lora.target_modules)}
    saved = {"base_model": recipe.model.name, "tiny": recipe.model.tiny, "lora": lora,
             "method": "qlora" if recipe.quantized else "lora", "system_prompt": system,
             "train_examples": len(data.train)}
    metrics = {"steps": result.global_step, "train_loss": result.training_loss, "losses": losses}
    (out / "recipe.json").write_text(json.dumps(saved, indent=2), encoding="utf-8")
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2), encoding="utf-8")
    return TrainResult(out, result.global_step, result.training_loss, losses)
