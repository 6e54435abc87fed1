"""The dry run: everything a training run would do before touching a GPU, printed as a plan.

It validates the recipe and the data, formats the examples as chats, counts their tokens
approximately, and estimates trainable LoRA parameters and GPU memory from the architecture.
Pure Python: it works without torch, transformers or a GPU.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .curate import Curated, curate, report
from .recipe import Recipe
from .tuning import estimate, records


@dataclass
class Plan:
    recipe: Recipe
    data: Curated
    tokens: dict[str, float]
    steps_per_epoch: int
    total_steps: int
    trainable: int
    total_params: int
    memory: estimate.MemoryEstimate
    first_example: str
    warnings: list[str] = field(default_factory=list)


def make_plan(recipe: Recipe) -> Plan:
    data = curate(recipe.data)
    system = recipe.data.system_prompt
    texts = [records.chat_text(example.messages(system)) for example in data.train]
    sizes = [records.approx_tokens(text) for text in texts]
    training = recipe.training
    steps_per_epoch = math.ceil(len(data.train) / training.effective_batch)
    arch = recipe.model.arch()
    plan = Plan(
        recipe=recipe, data=data, tokens=records.summary(sizes),
        steps_per_epoch=steps_per_epoch, total_steps=math.ceil(steps_per_epoch * training.epochs),
        trainable=estimate.lora_params(arch, recipe.lora.r, recipe.lora.target_modules),
        total_params=estimate.total_params(arch),
        memory=estimate.training_memory(
            arch, recipe.lora.r, recipe.lora.target_modules, load_in_4bit=recipe.quantized,
            double_quant=recipe.quantization.double_quant, batch_size=training.batch_size,
            seq_length=min(training.max_seq_length, max(sizes)),
            gradient_checkpointing=training.gradient_checkpointing),
        first_example=texts[0],
    )
    if max(sizes) > training.max_seq_length:
        plan.warnings.append(f"the longest example (~{max(sizes)} tokens) is over max_seq_length "
                             f"{training.max_seq_length}: it will be truncated")
    if plan.total_steps < 10:
        plan.warnings.append(f"only {plan.total_steps} optimizer steps: fine for a smoke test; a real "
                             "fine-tune wants hundreds of examples or more epochs")
    if recipe.quantized:
        plan.warnings.append("4-bit QLoRA needs a CUDA GPU with bitsandbytes: `train` stops without one")
    return plan


def render(plan: Plan) -> str:
    r, training, lora = plan.recipe, plan.recipe.training, plan.recipe.lora
    method = "QLoRA (4-bit NF4 base + LoRA)" if r.quantized else "LoRA (16-bit base)"
    model = r.model.name + (" → a tiny random model of its family (CPU smoke test)" if r.model.tiny else "")
    t = plan.tokens
    longest = min(training.max_seq_length, int(t["max"]))
    lines = [
        f"recipe  {r.source}",
        f"model   {model}",
        f"method  {method}; rank {lora.r}, alpha {lora.alpha} (scale {lora.scaling:g}), "
        f"dropout {lora.dropout}, targets {', '.join(lora.target_modules)}",
        "",
        "data",
        *[f"  {line}" for line in report(plan.data)],
        f"  tokens per training example (~{records.CHARS_PER_TOKEN} chars/token): min {t['min']}, "
        f"mean {t['mean']:.0f}, p95 {t['p95']}, max {t['max']}; "
        f"total ~{int(t['mean'] * len(plan.data.train)):,}",
        "",
        "training",
        f"  {len(plan.data.train)} examples × {training.epochs:g} epochs, batch {training.batch_size} × "
        f"accumulation {training.gradient_accumulation} = {training.effective_batch} per step",
        f"  {plan.steps_per_epoch} steps per epoch, {plan.total_steps} in all; "
        f"learning rate {training.learning_rate:g} ({training.lr_scheduler}, "
        f"warmup {training.warmup_ratio:g})",
        f"  trainable LoRA parameters: {plan.trainable:,} of {plan.total_params:,} "
        f"({100 * plan.trainable / plan.total_params:.3f}%)",
        f"  adapter written to {training.output_dir}/",
        "",
        f"GPU memory (batch {training.batch_size}, sequences up to {longest} tokens)",
        *[f"  {line}" for line in plan.memory.lines()],
        "",
        "first training example, as the model sees it",
        *[f"  | {line}" for line in plan.first_example.rstrip("\n").splitlines()],
    ]
    if plan.warnings:
        lines += ["", *[f"warning: {w}" for w in plan.warnings]]
    return "\n".join(lines)
