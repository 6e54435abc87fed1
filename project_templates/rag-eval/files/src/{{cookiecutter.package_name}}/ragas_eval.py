"""The real RAGAS library on the same eval set (optional extra: pip install -e '.[ragas]').

`{{ cookiecutter.project_slug }} eval --ragas` answers every question with the pipeline, then hands
RAGAS one `SingleTurnSample` per question (question, retrieved passages, answer, ground truth and
the passages of the document the answer is in) and prints RAGAS's scores next to this project's
own judge (evaluation.py), so the two can be compared.

- With LLM_PROVIDER=openai (OPENAI_API_KEY set): RAGAS's LLM metrics — faithfulness, answer
  (response) relevancy, context recall and context precision — judged by OpenAI through RAGAS's
  own `llm_factory`/`embedding_factory` (RAGAS_MODEL, default gpt-4o-mini).
- Otherwise (offline, or another provider): RAGAS's non-LLM metrics only — context recall and
  context precision by string similarity to the reference passages. No network, no key, and the
  report says which metrics ran.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from .corpus import EvalItem, Passage
from .providers import ProviderError
from .rag import RagPipeline

LLM_METRICS = ("faithfulness", "answer_relevancy", "context_recall", "context_precision")
OFFLINE_METRICS = ("non_llm_context_recall", "non_llm_context_precision_with_reference")


@dataclass
class RagasReport:
    mode: str  # "llm (openai: MODEL)" or "non-llm (offline)"
    metrics: dict[str, float | None]
    per_question: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"ragas": True, "mode": self.mode, "metrics": self.metrics, "questions": self.per_question}


def _require_ragas():
    try:
        import ragas  # noqa: F401
        from ragas import EvaluationDataset, SingleTurnSample, evaluate
    except ImportError as exc:
        raise ProviderError("the RAGAS evaluation needs the ragas extra: "
                            f"pip install -e '.[ragas]' ({exc})") from None
    return EvaluationDataset, SingleTurnSample, evaluate


def samples(pipeline: RagPipeline, items: list[EvalItem], config: str, k: int) -> list[dict]:
    """One RAGAS sample (as a dict of its fields) per question, answered by the pipeline."""
    by_doc: dict[str, list[Passage]] = {}
    for passage in pipeline.passages:
        by_doc.setdefault(passage.doc, []).append(passage)
    rows = []
    for item in items:
        answer = pipeline.ask(item.question, config, k)
        reference_contexts = [p.text for p in by_doc.get(item.source, [])] or [item.ground_truth]
        rows.append({"user_input": item.question, "retrieved_contexts": answer.contexts or [""],
                     "response": answer.text, "reference": item.ground_truth,
                     "reference_contexts": reference_contexts})
    return rows


def metrics_for(provider_name: str):
    """RAGAS metric objects and a label: the LLM metrics for OpenAI, else the non-LLM ones."""
    if provider_name == "openai" and os.environ.get("OPENAI_API_KEY"):
        from ragas.embeddings import embedding_factory
        from ragas.llms import llm_factory
        from ragas.metrics import (
            Faithfulness,
            LLMContextPrecisionWithReference,
            LLMContextRecall,
            ResponseRelevancy,
        )

        model = os.environ.get("RAGAS_MODEL") or "gpt-4o-mini"
        llm, embeddings = llm_factory(model), embedding_factory()
        return ([Faithfulness(llm=llm), ResponseRelevancy(llm=llm, embeddings=embeddings),
                 LLMContextRecall(llm=llm), LLMContextPrecisionWithReference(llm=llm)],
                f"llm (openai: {model})")
    from ragas.metrics import NonLLMContextPrecisionWithReference, NonLLMContextRecall

    return [NonLLMContextRecall(), NonLLMContextPrecisionWithReference()], "non-llm (offline)"


def ragas_evaluate(pipeline: RagPipeline, items: list[EvalItem], config: str, k: int) -> RagasReport:
    EvaluationDataset, SingleTurnSample, evaluate = _require_ragas()
    rows = samples(pipeline, items, config, k)
    metrics, mode = metrics_for(pipeline.provider.name)
    dataset = EvaluationDataset(samples=[SingleTurnSample(**row) for row in rows])
    result = evaluate(dataset, metrics=metrics, show_progress=False, raise_exceptions=True)
    per_question = []
    for row, scores in zip(rows, result.scores, strict=True):
        per_question.append({"question": row["user_input"], "answer": row["response"],
                             "scores": {name: _number(value) for name, value in scores.items()}})
    names = list(result.scores[0]) if result.scores else []
    means = {}
    for name in names:
        values = [q["scores"][name] for q in per_question if q["scores"][name] is not None]
        means[name] = round(sum(values) / len(values), 3) if values else None
    return RagasReport(mode, means, per_question)


def _number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return round(number, 3) if number == number and abs(number) != float("inf") else None


def format_ragas(report: RagasReport) -> str:
    lines = [f"RAGAS ({report.mode})"]
    for name, value in report.metrics.items():
        lines.append(f"  {name:45} {'—' if value is None else f'{value:.2f}'}")
    return "\n".join(lines)
