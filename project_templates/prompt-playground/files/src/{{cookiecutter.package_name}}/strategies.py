"""Prompting strategies as data: one YAML file per strategy in `templates/` (or a folder of yours).

A file holds a system prompt, a user prompt `template` with a `{question}` slot, optional worked
`examples` (few-shot: sent as earlier turns of the conversation), the sampling `temperature`, and
how many `samples` to draw. With more than one sample the answers go to a majority vote: that is
self-consistency. The sample questions with their expected answers are data too.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from .providers import Message, system, user

SLOT = "{question}"
MAX_SAMPLES = 50


class StrategyError(ValueError):
    """A strategy or question file is missing or malformed, or a strategy name is unknown."""


@dataclass(frozen=True)
class Strategy:
    name: str
    title: str
    description: str
    system: str
    template: str
    examples: tuple[tuple[str, str], ...] = ()
    temperature: float = 0.0
    samples: int = 1
    order: int = 100

    def prompt(self, question: str) -> str:
        return self.template.replace(SLOT, question.strip())

    def messages(self, question: str) -> list[Message]:
        turns = [system(self.system)] if self.system else []
        for example, answer in self.examples:
            turns += [user(self.prompt(example)), Message("assistant", answer)]
        return [*turns, user(self.prompt(question))]


@dataclass(frozen=True)
class Question:
    question: str
    expected: str | None = None


def _package_path(*parts: str) -> Path:
    return Path(str(resources.files(__package__).joinpath(*parts)))


def _read_yaml(path: Path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise StrategyError(f"cannot read {path}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise StrategyError(f"{path} is not valid YAML: {exc}") from None


def load_strategy(path: str | Path) -> Strategy:
    file = Path(path)
    data = _read_yaml(file)
    if not isinstance(data, dict):
        raise StrategyError(f"{file}: expected a mapping of settings")
    template = str(data.get("template") or "")
    if SLOT not in template:
        raise StrategyError(f"{file}: 'template' must contain {SLOT}")
    examples = []
    for index, item in enumerate(data.get("examples") or []):
        if not isinstance(item, dict) or "question" not in item or "answer" not in item:
            raise StrategyError(f"{file}: examples[{index}] needs a 'question' and an 'answer'")
        examples.append((str(item["question"]), str(item["answer"])))
    try:
        samples, temperature = int(data.get("samples", 1)), float(data.get("temperature", 0.0))
    except (TypeError, ValueError):
        raise StrategyError(f"{file}: 'samples' must be a whole number and 'temperature' a number") from None
    if not 1 <= samples <= MAX_SAMPLES or not 0.0 <= temperature <= 2.0:
        raise StrategyError(f"{file}: samples must be 1 to {MAX_SAMPLES} and temperature 0 to 2")
    return Strategy(name=file.stem, title=str(data.get("title") or file.stem),
                    description=str(data.get("description") or ""), system=str(data.get("system") or ""),
                    template=template, examples=tuple(examples), temperature=temperature,
                    samples=samples, order=int(data.get("order", 100)))


def load_strategies(folder: str | Path | None = None, names: list[str] | None = None) -> list[Strategy]:
    """The strategies of `folder` (default: the bundled templates), in their `order`."""
    directory = Path(folder) if folder else _package_path("templates")
    if not directory.is_dir():
        raise StrategyError(f"{directory}: no such folder of strategy templates")
    found = sorted((load_strategy(p) for p in directory.glob("*.yaml")), key=lambda s: (s.order, s.name))
    if not found:
        raise StrategyError(f"{directory} has no strategy files (*.yaml)")
    if not names:
        return found
    by_name = {s.name: s for s in found}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise StrategyError(f"unknown strategy {', '.join(unknown)}: choose from {', '.join(by_name)}")
    return [by_name[n] for n in names]


def with_samples(strategies: list[Strategy], samples: int) -> list[Strategy]:
    """Set the number of samples of the voting strategies (those drawing more than one)."""
    if not 1 <= samples <= MAX_SAMPLES:
        raise StrategyError(f"samples must be 1 to {MAX_SAMPLES}")
    return [dataclasses.replace(s, samples=samples) if s.samples > 1 else s for s in strategies]


def load_questions(path: str | Path | None = None) -> list[Question]:
    """Questions with their expected answers: a YAML list of {question, expected}."""
    file = Path(path) if path else _package_path("data", "questions.yaml")
    data = _read_yaml(file)
    if not isinstance(data, list) or not data:
        raise StrategyError(f"{file}: expected a list of questions")
    questions = []
    for index, item in enumerate(data):
        if not isinstance(item, dict) or not str(item.get("question") or "").strip():
            raise StrategyError(f"{file}: entry {index} needs a 'question'")
        expected = item.get("expected")
        questions.append(Question(str(item["question"]).strip(), None if expected is None else str(expected)))
    return questions


def expected_answer(question: str, questions: list[Question]) -> str | None:
    """The expected answer when `question` is one of the sample questions."""
    wanted = " ".join(question.split()).lower()
    return next((q.expected for q in questions if " ".join(q.question.split()).lower() == wanted), None)
