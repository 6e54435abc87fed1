"""The fine-tuning recipe: configs/train.yaml read into checked settings (see tuning/settings.py)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .tuning import settings

SECTIONS = ("model", *settings.ADAPTER_SECTIONS, "data", "tracking")
REPORT_TO = ("none", "wandb")
# A random tiny model learns from a random start: a higher rate shows the loss falling in a few steps.
TINY_LEARNING_RATE = 2e-3


@dataclass(frozen=True)
class TrackingSettings:
    """Where the Trainer logs its curves (transformers' `report_to`) and under which project."""

    report_to: str = "none"
    project: str = ""  # W&B project (WANDB_PROJECT); empty: the project's name

    def check(self) -> list[str]:
        if self.report_to not in REPORT_TO:
            return [f"report_to must be one of {', '.join(REPORT_TO)}, not {self.report_to}"]
        return []


@dataclass(frozen=True)
class InstructionData(settings.DataSettings):
    """The shared data settings, plus what instruction tuning needs."""

    min_output_tokens: int = 2
    system_prompt: str = "You are a helpful assistant. Follow the instruction exactly and answer briefly."

    def check(self) -> list[str]:
        short = ["min_output_tokens must be at least 0"] if self.min_output_tokens < 0 else []
        return super().check() + short


@dataclass(frozen=True)
class Recipe(settings.AdapterRun):
    """lora, quantization and training (see settings.AdapterRun), plus the model and the data."""

    source: Path
    model: settings.ModelSettings
    data: InstructionData
    tracking: TrackingSettings = TrackingSettings()

    @property
    def quantized(self) -> bool:
        """QLoRA (4-bit base weights) rather than LoRA; a tiny test model is never quantized."""
        return self.quantization.load_in_4bit and not self.model.tiny


def default_config_path() -> Path:
    return Path(str(resources.files(__package__) / "configs" / "train.yaml"))


def load_recipe(path: str | Path | None = None) -> Recipe:
    file = Path(path) if path else default_config_path()
    raw = settings.load_yaml(file)
    settings.check_sections(raw, SECTIONS, file)
    where = f"{file.name}: "
    model = settings.section(settings.ModelSettings, raw.get("model"), where + "model")
    return Recipe(**settings.adapter_run(raw, model, where).sections(), source=file, model=model,
                  data=settings.section(InstructionData, raw.get("data"), where + "data"),
                  tracking=settings.section(TrackingSettings, raw.get("tracking"), where + "tracking"))
