"""The training configuration in YAML: one section per concern, each checked key by key.

    data:         path (JSONL), eval_fraction, seed, max_tokens
    model:        name (a Hugging Face id), tiny (a small random model instead, for CPU smoke tests),
                  architecture (only for models the catalog in estimate.py does not know)
    lora:         r, alpha, dropout, target_modules
    quantization: load_in_4bit, quant_type (nf4/fp4), double_quant, compute_dtype  (QLoRA)
    training:     learning_rate, epochs, batch_size, gradient_accumulation, max_seq_length, …

A typo, a wrong type or an out-of-range value is an error naming the file and the key, found
before anything is downloaded or trained.
"""

from __future__ import annotations

import dataclasses
import difflib
import typing
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, TypeVar

from .estimate import CATALOG, TINY, Architecture

T = TypeVar("T")


class ConfigError(ValueError):
    """The configuration file is missing, malformed or holds an invalid setting."""


@dataclass(frozen=True)
class ModelSettings:
    name: str
    tiny: bool = False
    architecture: Architecture | None = None

    def arch(self) -> Architecture:
        """The architecture estimates and the tiny model are built from."""
        if self.tiny:
            return TINY
        found = self.architecture or CATALOG.get(self.name)
        if found is None:
            known = ", ".join(CATALOG)
            raise ConfigError(f"model.name: no architecture known for '{self.name}': add an `architecture:` "
                              f"block (hidden_size, num_layers, num_heads, num_kv_heads, intermediate_size, "
                              f"vocab_size) from its config.json, or use one of: {known}")
        return found

    def check(self) -> list[str]:
        return [] if self.name.strip() else ["name must name a model"]


@dataclass(frozen=True)
class DataSettings:
    """Where the data is and how it is curated and split (a template may add settings)."""

    path: str = ""  # empty: the dataset bundled with the project
    eval_fraction: float = 0.2
    seed: int = 42
    max_tokens: int = 256

    def check(self) -> list[str]:
        problems = []
        if not 0 <= self.eval_fraction < 1:
            problems.append("eval_fraction must be at least 0 and below 1")
        if self.max_tokens < 1:
            problems.append("max_tokens must be at least 1")
        return problems


@dataclass(frozen=True)
class LoraSettings:
    r: int = 16
    alpha: int = 32
    dropout: float = 0.05
    target_modules: tuple[str, ...] = ("q_proj", "k_proj", "v_proj", "o_proj")

    @property
    def scaling(self) -> float:
        """LoRA scales its update by alpha / r."""
        return self.alpha / self.r

    def check(self) -> list[str]:
        problems = []
        if self.r < 1:
            problems.append("r (the rank) must be at least 1")
        if self.alpha < 1:
            problems.append("alpha must be at least 1")
        if not 0 <= self.dropout < 1:
            problems.append("dropout must be at least 0 and below 1")
        if not self.target_modules:
            problems.append("target_modules must list at least one layer, e.g. [q_proj, v_proj]")
        return problems


@dataclass(frozen=True)
class QuantSettings:
    load_in_4bit: bool = True
    quant_type: str = "nf4"
    double_quant: bool = True
    compute_dtype: str = "bfloat16"

    def check(self) -> list[str]:
        problems = []
        if self.quant_type not in ("nf4", "fp4"):
            problems.append(f"quant_type must be nf4 or fp4, not {self.quant_type}")
        if self.compute_dtype not in ("bfloat16", "float16", "float32"):
            problems.append(f"compute_dtype must be bfloat16, float16 or float32, not {self.compute_dtype}")
        return problems


@dataclass(frozen=True)
class TrainingSettings:
    learning_rate: float = 2e-4
    epochs: float = 3.0
    batch_size: int = 4
    gradient_accumulation: int = 4
    max_seq_length: int = 512
    warmup_ratio: float = 0.03
    lr_scheduler: str = "cosine"
    gradient_checkpointing: bool = True
    seed: int = 42
    logging_steps: int = 5
    output_dir: str = "build/adapter"

    @property
    def effective_batch(self) -> int:
        return self.batch_size * self.gradient_accumulation

    def check(self) -> list[str]:
        problems = []
        if not 0 < self.learning_rate < 1:
            problems.append("learning_rate must be above 0 and below 1 (LoRA usually 1e-4 to 3e-4)")
        if self.epochs <= 0:
            problems.append("epochs must be above 0")
        for name in ("batch_size", "gradient_accumulation", "max_seq_length", "logging_steps"):
            if getattr(self, name) < 1:
                problems.append(f"{name} must be at least 1")
        if not 0 <= self.warmup_ratio < 1:
            problems.append("warmup_ratio must be at least 0 and below 1")
        if self.lr_scheduler not in ("linear", "cosine", "constant", "constant_with_warmup"):
            problems.append("lr_scheduler must be linear, cosine, constant or constant_with_warmup")
        return problems


def with_tiny_model(config: T) -> T:
    """The same configuration (anything with a `model`) on the tiny random model: a CPU smoke test."""
    return dataclasses.replace(config, model=dataclasses.replace(config.model, tiny=True))


def load_yaml(path: str | Path) -> dict[str, Any]:
    import yaml

    file = Path(path)
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read the configuration {file}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{file} is not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{file} must be a mapping of sections (model:, lora:, training: …)")
    return data


def check_sections(raw: dict[str, Any], allowed: tuple[str, ...], file: Path) -> None:
    """Every top-level key of the file must be one of `allowed`."""
    unknown = [str(key) for key in raw if key not in allowed]
    if unknown:
        raise ConfigError(f"{file}: unknown section(s) {', '.join(unknown)}; sections: {', '.join(allowed)}")


def _value(expected: Any, value: Any, where: str) -> Any:
    """`value` converted to the field's type, or ConfigError saying what was expected."""
    if expected is bool:
        if isinstance(value, bool):
            return value
    elif expected is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif expected is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    elif expected is str:
        if isinstance(value, str):
            return value
    elif typing.get_origin(expected) is tuple:
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(value)
        raise ConfigError(f"{where} must be a list of names, e.g. [q_proj, v_proj]")
    elif expected == Architecture | None:
        return None if value is None else section(Architecture, value, where)
    wanted = {bool: "true or false", int: "a whole number", float: "a number", str: "text"}.get(expected)
    raise ConfigError(f"{where} must be {wanted}, not {value!r}")


def section(cls: type[T], raw: Any, where: str) -> T:
    """One section of the file as the dataclass `cls`: unknown keys, wrong types and bad values are errors."""
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{where} must be a mapping of settings")
    hints = typing.get_type_hints(cls)
    names = [f.name for f in fields(cls)]
    for key in raw:
        if key not in names:
            close = difflib.get_close_matches(str(key), names, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f" (settings: {', '.join(names)})"
            raise ConfigError(f"{where}.{key} is not a setting{hint}")
    values = {key: _value(hints[key], value, f"{where}.{key}") for key, value in raw.items()}
    try:
        result = cls(**values)
    except TypeError:
        missing = [f.name for f in fields(cls) if f.name not in values]
        raise ConfigError(f"{where} needs: {', '.join(missing)}") from None
    problems = result.check() if hasattr(result, "check") else []
    if problems:
        raise ConfigError(f"{where}: " + "; ".join(problems))
    return result


def check_targets(model: ModelSettings, lora: LoraSettings, where: str) -> None:
    """LoRA target modules must exist in the model's decoder blocks."""
    known = model.arch().linear_shapes()
    unknown = [t for t in lora.target_modules if t not in known]
    if unknown:
        raise ConfigError(f"{where}.target_modules: {', '.join(unknown)} not in the model; "
                          f"choose from {', '.join(known)}")


@dataclass(frozen=True)
class AdapterRun:
    """The sections of every LoRA training run: the adapter, the base model's loading, the loop."""

    lora: LoraSettings
    quantization: QuantSettings
    training: TrainingSettings

    def sections(self) -> dict[str, Any]:
        return {"lora": self.lora, "quantization": self.quantization, "training": self.training}


ADAPTER_SECTIONS = ("lora", "quantization", "training")


def adapter_run(raw: dict[str, Any], model: ModelSettings, where: str) -> AdapterRun:
    """The lora, quantization and training sections of a file, checked against the model."""
    run = AdapterRun(section(LoraSettings, raw.get("lora"), where + "lora"),
                     section(QuantSettings, raw.get("quantization"), where + "quantization"),
                     section(TrainingSettings, raw.get("training"), where + "training"))
    check_targets(model, run.lora, where + "lora")
    return run
