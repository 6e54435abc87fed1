"""The real stages, with TRL on top of transformers and PEFT (needs the `train` extra).

Each runner reads its stage's data file (written by `prepare`/`run`), trains a LoRA adapter and
returns the metrics the manifest records. Texts go through the model's own chat template, or the
ChatML layout for tokenizers without one (see tuning/hf.py); `model.tiny` runs everything on a
small random model on the CPU.
"""

from __future__ import annotations

from pathlib import Path

from .preferences import stage_files
from .stages import PipelineConfig
from .tuning import hf, records


def _rows(data_dir: Path, stage: str) -> tuple[list[dict], list[dict]]:
    train_file, eval_file = stage_files(data_dir, stage)
    return ([r.data for r in records.read_jsonl(train_file)],
            [r.data for r in records.read_jsonl(eval_file)] if eval_file.stat().st_size else [])


def _last(trainer, *names: str) -> dict[str, float]:
    """The last logged value of each metric (TRL logs rewards/accuracies, rewards/margins, …)."""
    found: dict[str, float] = {}
    for entry in trainer.state.log_history:
        for name in names:
            if name in entry:
                found[name] = float(entry[name])
    return found


def run_sft(config: PipelineConfig, data_dir: Path, max_steps: int | None) -> dict:
    hf.require_training_stack()
    from datasets import Dataset
    from trl import SFTConfig, SFTTrainer

    stage, out = config.stages["sft"], config.output_dir("sft")
    hf.check_device(config.model, stage.quantization)
    train_rows, _ = _rows(data_dir, "sft")
    # The tiny tokenizer's vocabulary must cover every later stage's text too: read them all.
    every_text = [records.chat_text(row["messages"]) for row in train_rows]
    every_text += [records.chat_text(row["rejected"]) for row in _rows(data_dir, "reward")[0]]
    tokenizer = hf.load_tokenizer(config.model, every_text)
    model = hf.load_model(config.model, stage.quantization, tokenizer, seed=stage.training.seed)
    dataset = Dataset.from_list([{"text": hf.format_chat(tokenizer, row["messages"])} for row in train_rows])
    args = hf.trainer_args(SFTConfig, stage.training, str(out), cpu=config.model.tiny, max_steps=max_steps,
                           dataset_text_field="text")
    trainer = SFTTrainer(model=model, args=args, train_dataset=dataset, processing_class=tokenizer,
                         peft_config=hf.lora_config(stage.lora))
    result = trainer.train()
    trainer.save_model(str(out / "adapter"))
    merged = _merged(config, trainer.model, out / "adapter", stage.quantization.load_in_4bit)
    merged.save_pretrained(str(out / "merged"))
    tokenizer.save_pretrained(str(out / "merged"))
    return {"steps": result.global_step, "train_loss": result.training_loss}


def _merged(config: PipelineConfig, trained, adapter_dir: Path, quantized: bool):
    """Base + SFT adapter as one plain model: the start of the reward and DPO stages."""
    if not quantized or config.model.tiny:
        return trained.merge_and_unload()
    # 4-bit weights cannot take the merge: reload the base in 16-bit and merge the adapter into it.
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    base = AutoModelForCausalLM.from_pretrained(config.model.name, dtype=torch.bfloat16)
    return PeftModel.from_pretrained(base, str(adapter_dir)).merge_and_unload()


def run_reward(config: PipelineConfig, data_dir: Path, max_steps: int | None) -> dict:
    hf.require_training_stack()
    from datasets import Dataset
    from trl import RewardConfig, RewardTrainer

    stage, out = config.stages["reward"], config.output_dir("reward")
    start = config.output_dir("sft") / "merged"
    tokenizer = hf.load_tokenizer(config.model, [], path=str(start))
    model = hf.load_model(config.model, stage.quantization, tokenizer, path=str(start), reward=True)

    def texts(rows: list[dict]) -> Dataset | None:
        if not rows:
            return None
        return Dataset.from_list([{"chosen": hf.format_chat(tokenizer, row["chosen"]),
                                   "rejected": hf.format_chat(tokenizer, row["rejected"])} for row in rows])

    train_rows, eval_rows = _rows(data_dir, "reward")
    args = hf.trainer_args(RewardConfig, stage.training, str(out), cpu=config.model.tiny, max_steps=max_steps)
    trainer = RewardTrainer(model=model, args=args, train_dataset=texts(train_rows),
                            eval_dataset=texts(eval_rows), processing_class=tokenizer,
                            peft_config=hf.lora_config(stage.lora, "SEQ_CLS"))
    result = trainer.train()
    metrics = {"steps": result.global_step, "train_loss": result.training_loss}
    if eval_rows:
        evaluation = trainer.evaluate()
        wanted = ("eval_loss", "eval_accuracy")  # accuracy: score(chosen) > score(rejected) on held-out pairs
        metrics |= {key: float(value) for key, value in evaluation.items() if key in wanted}
    trainer.save_model(str(out / "model"))
    tokenizer.save_pretrained(str(out / "model"))
    return metrics


def run_dpo(config: PipelineConfig, data_dir: Path, max_steps: int | None) -> dict:
    hf.require_training_stack()
    from datasets import Dataset
    from trl import DPOConfig, DPOTrainer

    stage, out = config.stages["dpo"], config.output_dir("dpo")
    start = config.output_dir("sft") / "merged"
    assert stage.dpo is not None
    tokenizer = hf.load_tokenizer(config.model, [], path=str(start))
    # The policy starts from the SFT model with a fresh LoRA; with a PEFT model and no ref_model,
    # TRL uses the same weights with the adapter switched off as the frozen reference.
    model = hf.load_model(config.model, stage.quantization, tokenizer, path=str(start))
    train_rows, _ = _rows(data_dir, "dpo")
    dataset = Dataset.from_list([
        {"prompt": hf.format_chat(tokenizer, row["prompt"], add_generation_prompt=True),
         "chosen": row["chosen"][0]["content"], "rejected": row["rejected"][0]["content"]}
        for row in train_rows])
    args = hf.trainer_args(DPOConfig, stage.training, str(out), cpu=config.model.tiny, max_steps=max_steps,
                           beta=stage.dpo.beta, loss_type=stage.dpo.loss_type,
                           label_smoothing=stage.dpo.label_smoothing)
    trainer = DPOTrainer(model=model, args=args, train_dataset=dataset, processing_class=tokenizer,
                         peft_config=hf.lora_config(stage.lora))
    result = trainer.train()
    trainer.save_model(str(out / "adapter"))
    tokenizer.save_pretrained(str(out / "adapter"))
    return {"steps": result.global_step, "train_loss": result.training_loss,
            **_last(trainer, "rewards/accuracies", "rewards/margins")}


RUNNERS = {"sft": run_sft, "reward": run_reward, "dpo": run_dpo}
