"""The pipeline runner: stages in order, each with its inputs and outputs, and a manifest of what ran.

    sft        base model + prompt → chosen               → runs/sft/adapter, runs/sft/merged
    reward     runs/sft/merged + chosen vs rejected       → runs/reward/model
    dpo        runs/sft/merged (policy start and frozen reference) + preference pairs → runs/dpo/adapter
    best_of_n  the DPO policy samples n answers per held-out prompt, the reward model keeps the best
               → runs/best_of_n/samples.jsonl (the reward model at work: rejection sampling)

Under `accelerate launch` every process runs the stages together (the trainers share the work);
only the main process writes the manifest.

A stage whose outputs exist and whose manifest entry says done is skipped (--force runs it again);
a stage whose inputs are missing stops the run and names the stage that makes them. The dry run
prints all of this, with data sizes, trainable parameters, a memory estimate and the DPO loss
worked out by hand, without torch and without writing anything.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from . import losses
from .preferences import Pair, Prepared, report, stage_files, write
from .stages import PipelineConfig
from .tuning import estimate, records


class PipelineError(RuntimeError):
    """A stage cannot run: its inputs are missing."""


@dataclass(frozen=True)
class Stage:
    name: str
    what: str
    trainer: str
    needs: tuple[str, ...]  # artifacts of earlier stages, relative to runs_dir
    makes: tuple[str, ...]
    sequences_per_example: int = 1  # reward and DPO run chosen and rejected through the model


PLAN = (
    Stage("sft", "supervised fine-tuning on prompt → chosen", "trl.SFTTrainer", (),
          ("sft/adapter", "sft/merged")),
    Stage("reward", "reward model: score(chosen) > score(rejected)", "trl.RewardTrainer", ("sft/merged",),
          ("reward/model",), 2),
    Stage("dpo", "DPO: prefer chosen over rejected, relative to the frozen SFT model", "trl.DPOTrainer",
          ("sft/merged",), ("dpo/adapter",), 2),
    Stage("best_of_n", "best-of-n: the DPO policy samples n answers per held-out prompt, the reward model "
          "keeps the best", "policy.generate + reward model", ("sft/merged", "reward/model", "dpo/adapter"),
          ("best_of_n/samples.jsonl",)),
)
STAGE_NAMES = tuple(stage.name for stage in PLAN)


def main_process() -> bool:
    """Whether this is the process that writes shared files (RANK is set by a multi-process launch)."""
    return os.environ.get("RANK", "0") == "0"


@dataclass
class Manifest:
    path: Path
    stages: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Manifest:
        if path.is_file():
            return cls(path, json.loads(path.read_text(encoding="utf-8")).get("stages", {}))
        return cls(path)

    def done(self, stage: str) -> bool:
        return self.stages.get(stage, {}).get("status") == "done"

    def record(self, stage: str, outputs: list[Path], metrics: dict) -> None:
        self.stages[stage] = {"status": "done", "finished": time.strftime("%Y-%m-%dT%H:%M:%S"),
                              "outputs": [str(p) for p in outputs], "metrics": metrics}
        if not main_process():
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps({"stages": self.stages}, indent=2), encoding="utf-8")


StageRunner = Callable[[PipelineConfig, Path, "int | None"], dict]


def selected(only: list[str] | None) -> list[Stage]:
    unknown = [name for name in only or [] if name not in STAGE_NAMES]
    if unknown:
        raise PipelineError(f"unknown stage(s) {', '.join(unknown)}: choose from {', '.join(STAGE_NAMES)}")
    return [stage for stage in PLAN if not only or stage.name in only]


def run(config: PipelineConfig, prepared: Prepared, data_dir: str | Path, *, only: list[str] | None = None,
        force: bool = False, max_steps: int | None = None, runners: dict[str, StageRunner] | None = None,
        log: Callable[[str], None] = print) -> Manifest:
    """Write the stage data, then run the selected stages in order, recording each in the manifest."""
    barrier: Callable[[], None] = _alone
    if runners is None:
        from .tuning.hf import require_training_stack

        require_training_stack()
        from .train import RUNNERS as runners
        from .train import check_extras, wait_for_everyone

        check_extras(config)
        def barrier() -> None:  # all processes of a launch meet here
            wait_for_everyone(config)

    if main_process():
        write(prepared, data_dir)
    barrier()  # the other processes read what the main one wrote
    manifest = Manifest.load(config.runs_dir / "manifest.json")
    for stage in selected(only):
        outputs = [config.runs_dir / name for name in stage.makes]
        if not force and manifest.done(stage.name) and all(p.exists() for p in outputs):
            log(f"stage {stage.name}: done already ({', '.join(map(str, outputs))}); --force runs it again")
            continue
        missing = [name for name in stage.needs if not (config.runs_dir / name).exists()]
        if missing:
            maker = next(s.name for s in PLAN if missing[0] in s.makes)
            raise PipelineError(f"stage {stage.name} needs {config.runs_dir / missing[0]}: "
                                f"run stage {maker} first")
        log(f"stage {stage.name}: {stage.what} ({stage.trainer})")
        metrics = runners[stage.name](config, Path(data_dir), max_steps)
        barrier()  # the next stage loads what this one saved
        manifest.record(stage.name, outputs, metrics)
        shown = ", ".join(f"{k} {v:.4g}" for k, v in metrics.items()) or "on the main process"
        log(f"stage {stage.name}: done, {shown}")
    return manifest


def _alone() -> None:
    """The barrier of a run with stand-in runners: one process, nobody to wait for."""


def worked_example_pairs() -> list[tuple[str, losses.LogProbs]]:
    file = resources.files(__package__) / "data" / "worked_example.json"
    data = json.loads(file.read_text(encoding="utf-8"))
    fields = ("policy_chosen", "policy_rejected", "reference_chosen", "reference_rejected")
    return [(pair["prompt"], losses.LogProbs(*(float(pair[f]) for f in fields))) for pair in data["pairs"]]


def _sequence_tokens(pair: Pair, response: str) -> int:
    return records.approx_tokens(records.chat_text([records.message("user", pair.prompt),
                                                    records.message("assistant", response)]))


def _stage_tokens(stage: Stage, pairs: list[Pair]) -> tuple[int, int]:
    """Approximate tokens a stage trains on in all, and its longest sequence."""
    sequences = [_sequence_tokens(p, p.chosen) for p in pairs]
    if stage.sequences_per_example == 2:
        sequences += [_sequence_tokens(p, p.rejected) for p in pairs]
    return sum(sequences), max(sequences, default=0)


def describe(config: PipelineConfig, prepared: Prepared, data_dir: str | Path,
             only: list[str] | None = None) -> str:
    """The dry run: what each stage reads, trains and writes, and the DPO loss worked out by hand."""
    arch = config.model.arch()
    tiny = " → a tiny random model of its family (CPU smoke test)" if config.model.tiny else ""
    lines = [f"pipeline  {config.source.parent}/ (pipeline.yaml, sft.yaml, reward.yaml, dpo.yaml)",
             f"model     {config.model.name}{tiny} "
             f"({estimate.human_count(estimate.total_params(arch))} parameters)",
             "", "data", *[f"  {line}" for line in report(prepared)]]
    for stage in selected(only):
        if stage.name not in config.stages:
            lines += ["", *_describe_best_of_n(config, stage, prepared)]
            continue
        settings = config.stages[stage.name]
        lora, training = settings.lora, settings.training
        train_file, eval_file = stage_files(data_dir, stage.name)
        total_tokens, longest = _stage_tokens(stage, prepared.train)
        trainable = estimate.lora_params(arch, lora.r, lora.target_modules)
        memory = estimate.training_memory(
            arch, lora.r, lora.target_modules,
            load_in_4bit=settings.quantization.load_in_4bit and not config.model.tiny,
            batch_size=training.batch_size * stage.sequences_per_example,
            seq_length=min(training.max_seq_length, longest),
            gradient_checkpointing=training.gradient_checkpointing)
        both = "; chosen and rejected both go through the model" if stage.sequences_per_example == 2 else ""
        inputs = [f"{train_file} ({len(prepared.train)} rows, ~{total_tokens:,} tokens)",
                  f"{eval_file} ({len(prepared.eval)} rows)",
                  *(str(config.runs_dir / need) for need in stage.needs)]
        lines += ["", f"stage {stage.name}: {stage.what}",
                  f"  trainer   {stage.trainer}, config {settings.source.name}",
                  f"  inputs    {', '.join(inputs)}",
                  f"  train     LoRA r={lora.r}, alpha={lora.alpha} on {', '.join(lora.target_modules)}: "
                  f"{trainable:,} trainable parameters",
                  f"            lr {training.learning_rate:g}, epochs {training.epochs:g}, "
                  f"batch {training.effective_batch}",
                  f"  memory    ~{memory.total / estimate.GIB:.1f} GiB on a GPU (rough{both})",
                  f"  outputs   {', '.join(str(config.runs_dir / name) for name in stage.makes)}"]
        if settings.dpo:
            dpo = settings.dpo
            lines += ["", *worked_example(dpo.beta, dpo.loss_type, dpo.label_smoothing)]
    return "\n".join(lines)


def _describe_best_of_n(config: PipelineConfig, stage: Stage, prepared: Prepared) -> list[str]:
    bon = config.best_of_n
    prompts = len(prepared.eval) or len(prepared.train)
    return [f"stage {stage.name}: {stage.what}",
            f"  uses      {stage.trainer}: {prompts} prompts x {bon.n} samples, up to {bon.max_new_tokens} "
            f"new tokens, temperature {bon.temperature:g}",
            f"  inputs    {', '.join(str(config.runs_dir / need) for need in stage.needs)}",
            f"  outputs   {', '.join(str(config.runs_dir / name) for name in stage.makes)} "
            "(best and worst answer per prompt: the next round's preference pairs)"]


def worked_example(beta: float, loss_type: str, label_smoothing: float = 0.0) -> list[str]:
    pairs = worked_example_pairs()
    lines = [f"DPO loss worked by hand (beta {beta:g}, {loss_type}) on data/worked_example.json's log-probs:"]
    for prompt, lp in pairs:
        steps = losses.worked_example(lp, beta, loss_type, label_smoothing)
        lines += [f"  {prompt}", *[f"    {line}" for line in steps]]
    stats = losses.batch_stats([lp for _, lp in pairs], beta, loss_type, label_smoothing)
    lines.append(f"  batch: mean loss {stats.loss:.4f}, reward accuracy {stats.accuracy:.2f}, "
                 f"mean reward margin {stats.margin:.4f}  (what TRL logs as loss, rewards/accuracies, "
                 "rewards/margins)")
    return lines
