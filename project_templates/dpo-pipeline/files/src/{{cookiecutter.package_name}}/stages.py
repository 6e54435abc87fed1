"""The pipeline's configuration: configs/pipeline.yaml (model, data, runs_dir) and one YAML per stage.

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

STAGES = ("sft", "reward", "dpo")


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
    check_sections(raw, ("model", "data", "runs_dir"), file)
    model = section(ModelSettings, raw.get("model"), "pipeline.yaml: model")
    model.arch()  # an unknown model without an architecture block is an error now, not mid-run
    runs_dir = raw.get("runs_dir") or "build/runs"
    if not isinstance(runs_dir, str):
        raise ConfigError("pipeline.yaml: runs_dir must be a path")
    return PipelineConfig(
        source=file, model=model, data=section(DataSettings, raw.get("data"), "pipeline.yaml: data"),
        runs_dir=Path(runs_dir),
        stages={name: _stage(name, directory / f"{name}.yaml", model) for name in STAGES})
