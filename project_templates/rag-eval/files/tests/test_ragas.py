"""The RAGAS path (skipped without the ragas extra: pip install -e '.[ragas]')."""

from __future__ import annotations

import pytest

from {{ cookiecutter.package_name }}.corpus import load_eval_set
from {{ cookiecutter.package_name }}.providers import ProviderError
from {{ cookiecutter.package_name }}.rag import RagPipeline


def test_samples_carry_what_ragas_needs():
    from {{ cookiecutter.package_name }}.ragas_eval import samples

    items = load_eval_set()[:2]
    rows = samples(RagPipeline(), items, "hybrid", 3)
    assert [r["user_input"] for r in rows] == [i.question for i in items]
    assert all(len(r["retrieved_contexts"]) == 3 and r["reference"] and r["reference_contexts"] for r in rows)


def test_without_ragas_the_error_says_how_to_install_it(monkeypatch):
    import builtins

    from {{ cookiecutter.package_name }} import ragas_eval

    real_import = builtins.__import__

    def no_ragas(name, *args, **kwargs):
        if name == "ragas" or name.startswith("ragas."):
            raise ImportError("No module named 'ragas'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_ragas)
    with pytest.raises(ProviderError, match=r"pip install -e '\.\[ragas\]'"):
        ragas_eval.ragas_evaluate(RagPipeline(), load_eval_set()[:1], "hybrid", 3)


def test_offline_ragas_scores_retrieval_with_its_non_llm_metrics():
    pytest.importorskip("ragas")
    pytest.importorskip("rapidfuzz")
    from {{ cookiecutter.package_name }}.ragas_eval import OFFLINE_METRICS, ragas_evaluate

    report = ragas_evaluate(RagPipeline(), load_eval_set()[:3], "hybrid", 4)
    assert report.mode == "non-llm (offline)" and set(report.metrics) == set(OFFLINE_METRICS)
    assert all(0 <= v <= 1 for v in report.metrics.values())
    assert report.metrics["non_llm_context_recall"] > 0.5
    assert len(report.per_question) == 3
