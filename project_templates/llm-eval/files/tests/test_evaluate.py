from __future__ import annotations

import csv
import io
import json

from {{ cookiecutter.package_name }}.evaluate import (
    Judgement,
    leaderboard,
    run,
    to_csv,
    to_json,
    to_table,
)
from {{ cookiecutter.package_name }}.judge import Judge
from {{ cookiecutter.package_name }}.models import DEFAULT_MODELS, load_model
from {{ cookiecutter.package_name }}.offline import offline_judge
from {{ cookiecutter.package_name }}.providers import FakeProvider
from {{ cookiecutter.package_name }}.rubric import load_items, load_rubric


def evaluate_offline():
    rubric = load_rubric()
    models = {spec: load_model(spec) for spec in DEFAULT_MODELS}
    results = run(models, load_items(), Judge(FakeProvider(brain=offline_judge), rubric))
    return rubric, results, leaderboard(results, rubric)


def test_the_leaderboard_ranks_the_personas_as_designed():
    _, results, rows = evaluate_offline()
    assert len(results) == len(load_items()) * len(DEFAULT_MODELS)
    ranking = [row.model for row in rows]
    assert ranking[0] == "fake:grounded" and ranking[-1] == "fake:offtopic"
    assert rows[0].score > rows[1].score > rows[-1].score and rows[-1].score < 10
    assert rows[0].wins == len(load_items()) and rows[-1].wins == 0
    assert all(row.failed == 0 for row in rows)


def test_json_csv_and_table_views():
    rubric, _, rows = evaluate_offline()
    data = json.loads(to_json(rows, rubric))
    assert data["leaderboard"][0]["rank"] == 1 and set(data["leaderboard"][0]["criteria"]) == {
        "correctness", "completeness", "relevance", "conciseness"}
    table = list(csv.DictReader(io.StringIO(to_csv(rows))))
    assert [r["model"] for r in table] == [row.model for row in rows] and "conciseness" in table[0]
    assert to_table(rows).splitlines()[1].split()[:2] == ["1", "fake:grounded"]


def test_failed_judgements_are_counted_not_scored():
    rubric = load_rubric()
    full = {c.name: rubric.scale_max for c in rubric.criteria}
    results = [Judgement("a", "m1", "x", full), Judgement("a", "m2", "y", None, error="bad json")]
    rows = leaderboard(results, rubric)
    assert [(r.model, r.score, r.failed) for r in rows] == [("m1", 100.0, 0), ("m2", 0.0, 1)]
    assert to_table(rows).splitlines()[2].split()[-1] == "1"
