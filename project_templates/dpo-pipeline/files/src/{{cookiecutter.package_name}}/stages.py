"""The pipeline's configuration: configs/pipeline.yaml (model, data, runs_dir, best_of_n, tracking)
and one YAML per training stage.

Each stage file has `lora`, `quantization` and `training` sections (see tuning/settings.py);
dpo.yaml adds a `dpo` section (beta, loss_type, label_smoothing).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .losses import LOSS_TYPES
from .tuning.settings import (
    ADAPTER_SECTIONS,
    AdapterRun,
    ConfigError,
    DataSettings,
    ModelSettings,
    adapter_run,
    check_sections,
    load_yaml,
    section,
)

STAGES = ("sft", "reward", "dpo")  # the training stages, one YAML each
REPORT_TO = ("none", "wandb")


@dataclass(frozen=True)
class BestOfNSettings:
    """Rejection sampling with the reward model: n sampled answers per held-out prompt, keep the best."""

    n: int = 4
    max_new_tokens: int = 64
    temperature: float = 0.9
    engine: str = "transformers"  # or vllm: what samples the policy (the reward model stays transformers)

    def check(self) -> list[str]:
        problems = []
        if self.engine not in ("transformers", "vllm"):
            problems.append(f"engine must be transformers or vllm, not {self.engine}")
        if not 1 <= self.n <= 64:
            problems.append("n must be between 1 and 64")
        if not 1 <= self.max_new_tokens <= 2048:
            problems.append("max_new_tokens must be between 1 and 2048")
        if not 0 < self.temperature <= 2:
            problems.append("temperature must be above 0 and at most 2 (sampling needs some)")
        return problems


@dataclass(frozen=True)
class TrackingSettings:
    """Where the trainers log their curves (transformers' `report_to`) and under which project."""

    report_to: str = "none"
    project: str = ""  # W&B project (WANDB_PROJECT); empty: W&B's default

    def check(self) -> list[str]:
        if self.report_to not in REPORT_TO:
            return [f"report_to must be one of {', '.join(REPORT_TO)}, not {self.report_to}"]
        return []


@dataclass(frozen=True)
class DpoSettings:
    beta: float = 0.1
    loss_type: str = "sigmoid"
    label_smoothing: float = 0.0

    def check(self) -> list[str]:
        problems = []
        if self.beta <= 0:
            problems.append("beta must be above 0 (typical: 0.01 to 0.5)")
        if self.loss_type not in LOSS_TYPES:
            problems.append(f"loss_type must be one of {', '.join(LOSS_TYPES)}")
        if not 0 <= self.label_smoothing < 0.5:
            problems.append("label_smoothing must be at least 0 and below 0.5")
        return problems


@dataclass(frozen=True)
class StageConfig(AdapterRun):
    """lora, quantization and training (see AdapterRun), plus DPO's own settings for that stage."""

    name: str
    source: Path
    dpo: DpoSettings | None = None


@dataclass(frozen=True)
class PipelineConfig:
    source: Path
    model: ModelSettings
    data: DataSettings
    runs_dir: Path
    stages: dict[str, StageConfig]
    best_of_n: BestOfNSettings = BestOfNSettings()
    tracking: TrackingSettings = TrackingSettings()

    def output_dir(self, stage: str) -> Path:
        return self.runs_dir / stage


def default_config_dir() -> Path:
    return Path(str(resources.files(__package__) / "configs"))


def _stage(name: str, file: Path, model: ModelSettings) -> StageConfig:
    raw = load_yaml(file)
    check_sections(raw, ADAPTER_SECTIONS + (("dpo",) if name == "dpo" else ()), file)
    where = f"{file.name}: "
    dpo = section(DpoSettings, raw.get("dpo"), where + "dpo") if name == "dpo" else None
    return StageConfig(**adapter_run(raw, model, where).sections(), name=name, source=file, dpo=dpo)


def load_pipeline(config_dir: str | Path | None = None) -> PipelineConfig:
    directory = Path(config_dir) if config_dir else default_config_dir()
    file = directory / "pipeline.yaml"
    raw = load_yaml(file)
    check_sections(raw, ("model", "data", "runs_dir", "best_of_n", "tracking"), file)
    model = section(ModelSettings, raw.get("model"), "pipeline.yaml: model")
    model.arch()  # an unknown model without an architecture block is an error now, not mid-run
    runs_dir = raw.get("runs_dir") or "build/runs"
    if not isinstance(runs_dir, str):
        raise ConfigError("pipeline.yaml: runs_dir must be a path")
    return PipelineConfig(
        source=file, model=model, data=section(DataSettings, raw.get("data"), "pipeline.yaml: data"),
        runs_dir=Path(runs_dir),
        stages={name: _stage(name, directory / f"{name}.yaml", model) for name in STAGES},
        best_of_n=section(BestOfNSettings, raw.get("best_of_n"), "pipeline.yaml: best_of_n"),
        tracking=section(TrackingSettings, raw.get("tracking"), "pipeline.yaml: tracking"))
