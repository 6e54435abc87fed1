from __future__ import annotations

import pytest

from {{ cookiecutter.package_name }}.corpus import EvalItem, load_eval_set
from {{ cookiecutter.package_name }}.evaluation import (
    METRICS,
    Judge,
    answer_relevancy,
    context_precision,
    context_recall,
    evaluate,
    faithfulness,
    format_comparison,
    format_report,
)
from {{ cookiecutter.package_name }}.offline import offline_brain
from {{ cookiecutter.package_name }}.providers import FakeProvider
from {{ cookiecutter.package_name }}.rag import RagPipeline

E104 = ("E-104 means the cell temperature is too high. The battery throttles its output to 2 kW until the "
        "cells have cooled down.")
AMBER = "A blinking amber light means a firmware update is in progress: do not switch the battery off."


@pytest.fixture
def judge():
    return Judge(FakeProvider(brain=offline_brain))


def test_faithfulness_catches_an_invented_figure(judge):
    question = "What does E-104 mean?"
    assert faithfulness(judge, question, E104, [E104])[0] == 1.0
    invented = "E-104 means the cell temperature is too high. The battery throttles its output to 3 kW."
    score, detail = faithfulness(judge, question, invented, [E104])
    assert score == 0.5 and [c["supported"] for c in detail["claims"]] == [True, False]
    assert faithfulness(judge, question, "I don't know.", [E104])[0] is None  # no claims, no score


def test_answer_relevancy_rewards_on_topic_answers(judge):
    on_topic = answer_relevancy(judge, "What does error E-104 mean?", E104)[0]
    off_topic = answer_relevancy(judge, "What does error E-104 mean?", AMBER)[0]
    assert on_topic > off_topic >= 0
    assert answer_relevancy(judge, "What does error E-104 mean?", "I don't know.") == (
        0.0, {"generated_questions": [], "noncommittal": True})


def test_context_recall_attributes_ground_truth_sentences(judge):
    assert context_recall(judge, E104, [AMBER, E104])[0] == 1.0
    assert context_recall(judge, E104, [AMBER])[0] == 0.0
    assert context_recall(judge, E104, [])[0] == 0.0


def test_context_precision_is_rank_weighted(judge):
    assert context_precision(judge, E104, [E104, AMBER])[0] == 1.0
    assert context_precision(judge, E104, [AMBER, E104])[0] == 0.5
    assert context_precision(judge, E104, [AMBER])[0] == 0.0


def test_an_unreadable_judge_leaves_the_score_empty_and_says_why():
    pipeline = RagPipeline()
    broken = Judge(FakeProvider(replies=["no JSON here"] * 20), pipeline.provider)
    report = evaluate(pipeline, [EvalItem("What does error E-104 mean?", E104, "troubleshooting.md")],
                      "hybrid", 4, broken)
    result = report.results[0]
    assert result.scores["faithfulness"] is None and result.scores["hit_rate"] == 1.0
    assert result.errors and result.errors[0].startswith("faithfulness: expected a JSON object")


@pytest.fixture(scope="module")
def reports():
    # module-scoped, so it runs before the autouse fixture that selects the fake provider
    pipeline = RagPipeline(provider=FakeProvider(brain=offline_brain), vector_weight=0.5)
    items = load_eval_set()
    return {config: evaluate(pipeline, items, config, 4) for config in ("bm25", "hybrid+rerank+hyde")}


def test_the_bundled_eval_set_scores_every_metric(reports):
    report = reports["hybrid+rerank+hyde"]
    assert len(report.results) == len(load_eval_set())
    for metric in METRICS:
        assert 0.0 <= report.metrics[metric] <= 1.0, metric
    row = next(r for r in report.results if "E-104" in r.question)
    assert row.scores["faithfulness"] == row.scores["context_recall"] == row.scores["hit_rate"] == 1.0
    assert row.contexts[0] == "troubleshooting.md#1" and "2 kW" in row.answer


def test_hyde_recalls_more_than_keywords_alone(reports):
    assert reports["hybrid+rerank+hyde"].metrics["context_recall"] > reports["bm25"].metrics["context_recall"]


def test_reports_print_and_serialise(reports):
    table = format_report(reports["bm25"])
    assert table.splitlines()[0].startswith("config: bm25") and table.splitlines()[-1].startswith("mean")
    comparison = format_comparison(list(reports.values())).splitlines()
    assert comparison[0].split()[:2] == ["config", "faithfulness"] and len(comparison) == 3
    data = reports["bm25"].to_dict()
    assert data["config"] == "bm25" and set(data["metrics"]) == set(METRICS)
    assert data["questions"][0]["details"]["faithfulness"]["claims"]
