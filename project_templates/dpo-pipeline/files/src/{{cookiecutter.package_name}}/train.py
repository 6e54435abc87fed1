"""The real stages, with TRL on top of transformers and PEFT (needs the `train` extra).

Each training runner reads its stage's data file (written by `prepare`/`run`), trains a LoRA
adapter and returns the metrics the manifest records; the best-of-n runner puts the reward model
to work on the DPO policy's samples. Texts go through the model's own chat template, or the ChatML
layout for tokenizers without one (see tuning/hf.py); `model.tiny` runs everything on a small
random model on the CPU.

Under `accelerate launch` (accelerate.yaml: DDP, FSDP or DeepSpeed ZeRO) every process runs the
same runners: the trainers read the launcher's settings and share the batches, only the main
process saves, and Accelerate's `wait_for_everyone` keeps the stages in step. Nothing here
distributes by hand.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import os
from pathlib import Path

from . import rerank
from .preferences import stage_files
from .stages import PipelineConfig
from .tuning import hf, records

# A random tiny model learns from a random start: a higher rate shows the loss falling in a few steps.
TINY_LEARNING_RATE = 2e-3


def check_extras(config: PipelineConfig) -> None:
    """What the configs ask for beyond the `train` extra, as one clear error before any loading."""
    quantized = any(stage.quantization.load_in_4bit for stage in config.stages.values())
    if quantized and not config.model.tiny and importlib.util.find_spec("bitsandbytes") is None:
        raise hf.TrainingUnavailable("4-bit loading (quantization.load_in_4bit) needs bitsandbytes and a "
                                     "CUDA GPU: pip install -e '.[train,qlora]' (or load_in_4bit: false)")
    if config.tracking.report_to == "wandb" and importlib.util.find_spec("wandb") is None:
        raise hf.TrainingUnavailable("tracking.report_to: wandb needs the wandb package: "
                                     "pip install -e '.[wandb]' (or report_to: none)")


def launch_state(config: PipelineConfig):
    """Accelerate's view of this launch (one process, or one of several), on the trainers' device."""
    import torch
    from accelerate import PartialState

    return PartialState(cpu=config.model.tiny or not torch.cuda.is_available())


def wait_for_everyone(config: PipelineConfig) -> None:
    launch_state(config).wait_for_everyone()


def stage_args(config_class, config: PipelineConfig, stage: str, out: Path, max_steps: int | None, **extra):
    """A TRL config for one stage: its YAML training settings, tracking, and multi-GPU settings."""
    training = config.stages[stage].training
    if config.model.tiny:
        training = dataclasses.replace(training, learning_rate=TINY_LEARNING_RATE, gradient_accumulation=1)
    args = hf.trainer_args(config_class, training, str(out), cpu=config.model.tiny, max_steps=max_steps,
                           ddp_find_unused_parameters=False, **extra)
    if config.tracking.report_to != "none":
        args.report_to = [config.tracking.report_to]
        args.run_name = stage
        if config.tracking.project:
            os.environ.setdefault("WANDB_PROJECT", config.tracking.project)
    return args


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
    args = stage_args(SFTConfig, config, "sft", out, max_steps, dataset_text_field="text")
    trainer = SFTTrainer(model=model, args=args, train_dataset=dataset, processing_class=tokenizer,
                         peft_config=hf.lora_config(stage.lora))
    result = trainer.train()
    trainer.save_model(str(out / "adapter"))
    if trainer.is_world_process_zero():
        merged = _merged(config, trainer.model, out / "adapter", stage.quantization.load_in_4bit)
        merged.save_pretrained(str(out / "merged"))
        tokenizer.save_pretrained(str(out / "merged"))
    return {"steps": result.global_step, "train_loss": result.training_loss, **_curve(trainer)}


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
    args = stage_args(RewardConfig, config, "reward", out, max_steps)
    trainer = RewardTrainer(model=model, args=args, train_dataset=texts(train_rows),
                            eval_dataset=texts(eval_rows), processing_class=tokenizer,
                            peft_config=hf.lora_config(stage.lora, "SEQ_CLS"))
    result = trainer.train()
    metrics = {"steps": result.global_step, "train_loss": result.training_loss, **_curve(trainer)}
    if eval_rows:
        evaluation = trainer.evaluate()
        wanted = ("eval_loss", "eval_accuracy")  # accuracy: score(chosen) > score(rejected) on held-out pairs
        metrics |= {key: float(value) for key, value in evaluation.items() if key in wanted}
    trainer.save_model(str(out / "model"))
    if trainer.is_world_process_zero():
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
    args = stage_args(DPOConfig, config, "dpo", out, max_steps, beta=stage.dpo.beta,
                      loss_type=stage.dpo.loss_type, label_smoothing=stage.dpo.label_smoothing)
    trainer = DPOTrainer(model=model, args=args, train_dataset=dataset, processing_class=tokenizer,
                         peft_config=hf.lora_config(stage.lora))
    result = trainer.train()
    trainer.save_model(str(out / "adapter"))
    if trainer.is_world_process_zero():
        tokenizer.save_pretrained(str(out / "adapter"))
    return {"steps": result.global_step, "train_loss": result.training_loss, **_curve(trainer),
            **_last(trainer, "rewards/accuracies", "rewards/margins")}


def _curve(trainer) -> dict[str, float]:
    """The first and last logged training loss: did the stage learn?"""
    losses = [float(entry["loss"]) for entry in trainer.state.log_history if "loss" in entry]
    return {"first_loss": losses[0], "last_loss": losses[-1]} if losses else {}


def run_best_of_n(config: PipelineConfig, data_dir: Path, max_steps: int | None) -> dict:
    """The reward model at work: it ranks n samples of the DPO policy per held-out prompt and keeps
    the best (rejection sampling). Runs on the main process; the others wait."""
    if not launch_state(config).is_main_process:
        return {}
    import torch
    from peft import PeftModel

    start, bon = config.output_dir("sft") / "merged", config.best_of_n
    adapter = config.output_dir("dpo") / "adapter"
    tokenizer = hf.load_tokenizer(config.model, [], path=str(start))
    tokenizer.padding_side = "left"  # generation continues the prompt on the right
    reward = hf.load_model(config.model, config.stages["reward"].quantization, tokenizer, path=str(start),
                           reward=True)
    reward = PeftModel.from_pretrained(reward, str(config.output_dir("reward") / "model")).eval()
    train_rows, eval_rows = _rows(data_dir, "dpo")
    prompts = [row["prompt"][0]["content"] for row in (eval_rows or train_rows)]
    torch.manual_seed(config.stages["dpo"].training.seed)

    def chat(prompt: str, answer: str | None = None) -> str:
        turns = [records.message("user", prompt)] + ([records.message("assistant", answer)] if answer else [])
        return hf.format_chat(tokenizer, turns, add_generation_prompt=answer is None)

    if bon.engine == "vllm":
        generate = vllm_sampler(config, start, adapter)
    else:
        policy = hf.load_model(config.model, config.stages["dpo"].quantization, tokenizer, path=str(start))
        policy = PeftModel.from_pretrained(policy, str(adapter)).eval()

        def generate(text: str, n: int) -> list[str]:
            inputs = tokenizer(text, return_tensors="pt", add_special_tokens=False).to(policy.device)
            with torch.no_grad():
                out = policy.generate(**inputs, do_sample=True, temperature=bon.temperature,
                                      num_return_sequences=n, max_new_tokens=bon.max_new_tokens,
                                      pad_token_id=tokenizer.pad_token_id)
            return [tokenizer.decode(seq[inputs["input_ids"].shape[1]:], skip_special_tokens=True).strip()
                    for seq in out]

    def sample(prompt: str, n: int) -> list[str]:
        return generate(chat(prompt), n)

    def score(prompt: str, answers) -> list[float]:
        batch = tokenizer([chat(prompt, a or " ") for a in answers], return_tensors="pt", padding=True,
                          add_special_tokens=False).to(reward.device)
        with torch.no_grad():
            return reward(**batch).logits[:, 0].float().tolist()

    ranked = rerank.best_of_n(prompts, sample, score, bon.n)
    out = config.output_dir("best_of_n")
    records.write_jsonl(out / "samples.jsonl", [r.row() for r in ranked])
    (out / "summary.json").write_text(json.dumps(rerank.summary(ranked), indent=2), encoding="utf-8")
    return rerank.summary(ranked)


def vllm_sampler(config: PipelineConfig, start: Path, adapter: Path):
    """n samples per prompt from vLLM's engine: the SFT model with the DPO adapter applied per request
    (the `vllm` extra; Linux and a CUDA GPU). Much faster than `generate` when n and the prompts grow."""
    try:
        vllm = importlib.import_module("vllm")
        lora_request = importlib.import_module("vllm.lora.request")
    except ImportError:
        raise hf.TrainingUnavailable("best_of_n.engine: vllm needs the 'vllm' package (Linux, CUDA GPU): "
                                     "pip install -e '.[vllm]' (or engine: transformers)") from None
    bon, seed = config.best_of_n, config.stages["dpo"].training.seed
    llm = vllm.LLM(model=str(start), enable_lora=True, max_lora_rank=max(config.stages["dpo"].lora.r, 8),
                   seed=seed)
    policy = lora_request.LoRARequest("dpo", 1, str(adapter))

    def generate(text: str, n: int) -> list[str]:
        params = vllm.SamplingParams(n=n, temperature=bon.temperature, max_tokens=bon.max_new_tokens,
                                     seed=seed)
        outputs = llm.generate([text], params, lora_request=policy, use_tqdm=False)
        return [candidate.text.strip() for candidate in outputs[0].outputs]

    return generate


RUNNERS = {"sft": run_sft, "reward": run_reward, "dpo": run_dpo, "best_of_n": run_best_of_n}
