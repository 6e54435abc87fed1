"""The real training run: supervised fine-tuning with TRL's SFTTrainer and a PEFT LoRA adapter.

Needs the `train` extra. With `quantization.load_in_4bit` (QLoRA) the base model is loaded in
4-bit NF4 by bitsandbytes on a CUDA GPU (the `qlora` extra); `model.tiny` trains a small random
model on the CPU instead, to prove the pipeline end to end in seconds.

One process by default. Under `accelerate launch` (accelerate.yaml: DDP, FSDP or DeepSpeed ZeRO)
the same code runs once per GPU: the Trainer reads the launcher's settings, shards the batches
and syncs the gradients, and only the main process writes files. Nothing here distributes by hand.

Writes to training.output_dir: the adapter (adapter_model.safetensors, adapter_config.json), the
tokenizer, `recipe.json` (what the adapter was trained on) and `metrics.json` (the loss curve).
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import os
from dataclasses import dataclass
from pathlib import Path

from .curate import curate
from .recipe import TINY_LEARNING_RATE, Recipe
from .tuning import hf, records


@dataclass
class TrainResult:
    output_dir: Path
    steps: int
    loss: float
    losses: list[float]
    rank: int = 0  # this process, under a multi-process launch
    world_size: int = 1

    @property
    def lowered(self) -> bool:
        """The last logged loss is below the first: the run learned something."""
        return len(self.losses) > 1 and self.losses[-1] < self.losses[0]


def check_extras(recipe: Recipe) -> None:
    """What the recipe asks for beyond the `train` extra, as one clear error before any loading."""
    if recipe.quantized and importlib.util.find_spec("bitsandbytes") is None:
        raise hf.TrainingUnavailable("QLoRA (quantization.load_in_4bit) needs bitsandbytes and a CUDA GPU: "
                                     "pip install -e '.[train,qlora]' (or load_in_4bit: false for LoRA)")
    if recipe.tracking.report_to == "wandb" and importlib.util.find_spec("wandb") is None:
        raise hf.TrainingUnavailable("tracking.report_to: wandb needs the wandb package: "
                                     "pip install -e '.[wandb]' (or report_to: none)")


def trainer_config(recipe: Recipe, out: Path, max_steps: int | None):
    """TRL's SFTConfig from the recipe, with its tracking and the settings a multi-GPU launch needs."""
    from trl import SFTConfig

    args = hf.trainer_args(SFTConfig, recipe.training, str(out), cpu=recipe.model.tiny, max_steps=max_steps,
                           dataset_text_field="text", ddp_find_unused_parameters=False,
                           gradient_checkpointing_kwargs={"use_reentrant": False})
    if recipe.tracking.report_to != "none":
        args.report_to = [recipe.tracking.report_to]
        args.run_name = out.name
        if recipe.tracking.project:
            os.environ.setdefault("WANDB_PROJECT", recipe.tracking.project)
    return args


def tiny_run(recipe: Recipe) -> Recipe:
    """On the tiny random model: a higher learning rate and one batch per step, so a few CPU steps
    show the loss falling."""
    training = dataclasses.replace(recipe.training, learning_rate=TINY_LEARNING_RATE, gradient_accumulation=1)
    return dataclasses.replace(recipe, training=training)


def train(recipe: Recipe, *, max_steps: int | None = None, output_dir: str | None = None) -> TrainResult:
    hf.require_training_stack()
    check_extras(recipe)
    hf.check_device(recipe.model, recipe.quantization)
    from datasets import Dataset
    from trl import SFTTrainer

    if recipe.model.tiny:
        recipe = tiny_run(recipe)
    data = curate(recipe.data)
    system = recipe.data.system_prompt
    out = Path(output_dir or recipe.training.output_dir)
    chats = [example.messages(system) for example in data.train]
    tokenizer = hf.load_tokenizer(recipe.model, [records.chat_text(chat) for chat in chats])
    model = hf.load_model(recipe.model, recipe.quantization, tokenizer, seed=recipe.training.seed)
    args = trainer_config(recipe, out, max_steps)  # also sets up this process's place in a launch
    if recipe.model.tiny and args.should_save:  # a random base cannot be downloaded again: keep it
        model.save_pretrained(str(out / "base"))
    dataset = Dataset.from_list([{"text": hf.format_chat(tokenizer, chat)} for chat in chats])
    trainer = SFTTrainer(model=model, args=args, train_dataset=dataset, processing_class=tokenizer,
                         peft_config=hf.lora_config(recipe.lora))
    result = trainer.train()
    if trainer.is_fsdp_enabled:  # gather the sharded adapter into one file
        trainer.accelerator.state.fsdp_plugin.set_state_dict_type("FULL_STATE_DICT")
    trainer.save_model(str(out))  # the main process writes; the others wait for it
    losses = [entry["loss"] for entry in trainer.state.log_history if "loss" in entry]
    run = TrainResult(out, result.global_step, result.training_loss, losses, trainer.args.process_index,
                      trainer.args.world_size)
    if trainer.is_world_process_zero():
        tokenizer.save_pretrained(str(out))
        lora = {"r": recipe.lora.r, "alpha": recipe.lora.alpha, "targets": list(recipe.lora.target_modules)}
        saved = {"base_model": recipe.model.name, "tiny": recipe.model.tiny, "lora": lora,
                 "method": "qlora" if recipe.quantized else "lora", "system_prompt": system,
                 "train_examples": len(data.train)}
        metrics = {"steps": result.global_step, "train_loss": result.training_loss, "losses": losses,
                   "processes": run.world_size, "learning_rate": recipe.training.learning_rate}
        (out / "recipe.json").write_text(json.dumps(saved, indent=2), encoding="utf-8")
        (out / "metrics.json").write_text(json.dumps(metrics, indent=2), encoding="utf-8")
    return run
