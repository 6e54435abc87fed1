"""Before/after evaluation: two models answer the held-out eval split; metrics.py scores both.

The report gives the mean of each metric per model and per task (triage is judged by exact
match, free-text answers by ROUGE-L), the difference, and the examples that changed the most.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from .curate import Example
from .generators import CannotAnswer, prompt_messages
from .metrics import METRICS, mean_scores, score
from .providers import Message, Provider

REFUSED = "(no answer: the offline stand-in does not know this prompt)"


@dataclass
class Row:
    task: str
    prompt: str
    reference: str
    before: str
    after: str
    before_scores: dict[str, float]
    after_scores: dict[str, float]
    before_refused: bool = False
    after_refused: bool = False


@dataclass
class Report:
    before: str
    after: str
    rows: list[Row]

    def means(self, side: str, task: str | None = None) -> dict[str, float]:
        chosen = [r for r in self.rows if task is None or r.task == task]
        return mean_scores([getattr(r, f"{side}_scores") for r in chosen])

    def refused(self, side: str) -> int:
        return sum(getattr(r, f"{side}_refused") for r in self.rows)

    def tasks(self) -> list[str]:
        return sorted({r.task for r in self.rows})


def compare(before: Provider, after: Provider, examples: list[Example], system_prompt: str,
            max_tokens: int = 128, labels: tuple[str, str] | None = None) -> Report:
    """Both models answer every example; `labels` name them in the report (default: provider names).

    A refusal (an offline stand-in that does not know the prompt) scores 0 and is counted as such.
    """
    rows = []
    for example in examples:
        messages = prompt_messages(example.user, system_prompt)
        old, old_refused = _answer(before, messages, max_tokens)
        new, new_refused = _answer(after, messages, max_tokens)
        rows.append(Row(example.task, example.user, example.output, old, new,
                        score(old, example.output), score(new, example.output), old_refused, new_refused))
    names = labels or (before.name, after.name)
    return Report(names[0], names[1], rows)


def _answer(model: Provider, messages: list[Message], max_tokens: int) -> tuple[str, bool]:
    try:
        return model.complete(messages, max_tokens=max_tokens).strip(), False
    except CannotAnswer:
        return "", True


def _pct(value: float) -> str:
    return f"{100 * value:.1f}"


def markdown(report: Report, shown: int = 3) -> str:
    lines = [f"# Evaluation: {report.before} (before) vs {report.after} (after)", "",
             f"{len(report.rows)} held-out examples. Scores in percent. Refused (an offline stand-in that "
             f"does not know the prompt, scored 0): before {report.refused('before')}, "
             f"after {report.refused('after')}.",
             "",
             "| task | metric | before | after | change |", "|---|---|---:|---:|---:|"]
    for task in [None, *report.tasks()]:
        old, new = report.means("before", task), report.means("after", task)
        for name in METRICS:
            lines.append(f"| {task or 'all'} | {name} | {_pct(old[name])} | {_pct(new[name])} | "
                         f"{100 * (new[name] - old[name]):+.1f} |")
    changed = sorted(report.rows, key=lambda r: r.before_scores["rouge_l"] - r.after_scores["rouge_l"])
    lines += ["", "## Examples that changed the most", ""]
    for row in changed[:shown]:
        prompt = row.prompt.splitlines()[-1]
        lines += [f"- **{prompt}**", f"  - reference: {row.reference}",
                  f"  - before: {REFUSED if row.before_refused else row.before}",
                  f"  - after: {REFUSED if row.after_refused else row.after}"]
    return "\n".join(lines) + "\n"


def save(report: Report, out_dir: str | Path) -> list[Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    data = {"before": report.before, "after": report.after,
            "summary": {"before": report.means("before"), "after": report.means("after")},
            "refused": {"before": report.refused("before"), "after": report.refused("after")},
            "rows": [asdict(row) for row in report.rows]}
    (out / "report.json").write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    (out / "report.md").write_text(markdown(report), encoding="utf-8")
    return [out / "report.md", out / "report.json"]
