"""The fine-tuning recipe: configs/train.yaml read into checked settings (see tuning/settings.py)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .tuning import settings

SECTIONS = ("model", *settings.ADAPTER_SECTIONS, "data")


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
                  data=settings.section(InstructionData, raw.get("data"), where + "data"))
