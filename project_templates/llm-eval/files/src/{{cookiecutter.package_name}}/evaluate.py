"""Run every model on every item, have the judge score each answer, rank the models.

The leaderboard score is the mean weighted rubric score rescaled to 0–100; a model "wins" an item
when its weighted score is the highest for that item (ties share the win).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass, field

from .judge import Judge
from .providers import Provider, system, user
from .rubric import Item, Rubric

ANSWER_PROMPT = ("Answer the question using the context. Be accurate and complete, "
                 "and no longer than needed.")


@dataclass
class Judgement:
    item: str
    model: str
    answer: str
    scores: dict[str, int] | None
    rationale: str = ""
    error: str | None = None


@dataclass
class Row:
    rank: int
    model: str
    score: float
    wins: int
    judged: int
    failed: int
    criteria: dict[str, float] = field(default_factory=dict)


def answer(provider: Provider, item: Item) -> str:
    prompt = f"<context>\n{item.context}\n</context>\n\nQuestion: {item.question}"
    return provider.complete([system(ANSWER_PROMPT), user(prompt)]).strip()


def run(models: dict[str, Provider], items: list[Item], judge: Judge) -> list[Judgement]:
    results = []
    for item in items:
        for name, provider in models.items():
            text = answer(provider, item)
            verdict = judge(item, text)
            results.append(Judgement(item.id, name, text, verdict.scores, verdict.rationale, verdict.error))
    return results


def leaderboard(results: list[Judgement], rubric: Rubric) -> list[Row]:
    models = list(dict.fromkeys(r.model for r in results))
    scored = [r for r in results if r.scores]
    weighted = {(r.item, r.model): rubric.weighted(r.scores) for r in scored}
    best = {}
    for (item, _), value in weighted.items():
        best[item] = max(best.get(item, value), value)
    rows = []
    for model in models:
        mine = [r for r in scored if r.model == model]
        mean = sum(weighted[(r.item, model)] for r in mine) / len(mine) if mine else 1.0
        rows.append(Row(
            rank=0, model=model, score=round(100 * (mean - 1) / (rubric.scale_max - 1), 1),
            wins=sum(1 for r in mine if weighted[(r.item, model)] == best[r.item]),
            judged=len(mine), failed=sum(1 for r in results if r.model == model and not r.scores),
            criteria={c.name: round(sum(r.scores[c.name] for r in mine) / len(mine), 2) if mine else 0.0
                      for c in rubric.criteria},
        ))
    rows.sort(key=lambda row: (-row.score, -row.wins, row.model))
    for rank, row in enumerate(rows, 1):
        row.rank = rank
    return rows


def to_json(rows: list[Row], rubric: Rubric) -> str:
    return json.dumps({"rubric": rubric.name, "scale_max": rubric.scale_max,
                       "leaderboard": [asdict(row) for row in rows]}, indent=2)


def to_csv(rows: list[Row]) -> str:
    buffer = io.StringIO()
    criteria = list(rows[0].criteria) if rows else []
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["rank", "model", "score", "wins", "judged", "failed", *criteria])
    for row in rows:
        writer.writerow([row.rank, row.model, row.score, row.wins, row.judged, row.failed,
                         *(row.criteria[c] for c in criteria)])
    return buffer.getvalue()


def to_table(rows: list[Row]) -> str:
    criteria = list(rows[0].criteria) if rows else []
    header = ["#", "model", "score", "wins", *criteria, "failed"]
    body = [[str(r.rank), r.model, f"{r.score:.1f}", str(r.wins), *(f"{r.criteria[c]:.2f}" for c in criteria),
             str(r.failed)] for r in rows]
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip()
             for line in [header, *body]]
    return "\n".join(lines)
