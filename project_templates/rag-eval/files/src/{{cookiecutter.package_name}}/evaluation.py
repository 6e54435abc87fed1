"""RAGAS-style evaluation with an LLM judge: four metrics per question, averaged over an eval set.

- faithfulness: the judge breaks the answer into claims and checks each against the retrieved
  contexts; the share that is supported. Low → the model invents (hallucinates).
- answer_relevancy: the judge writes questions that the answer would answer; the mean cosine
  similarity of their embeddings to the real question (0 for a noncommittal answer). Low → the
  answer drifts from the question.
- context_recall: the share of the ground-truth answer's sentences that the retrieved contexts
  support. Low → retrieval misses what is needed (more k, better chunking, reranking).
- context_precision: whether each retrieved context helps towards the ground truth, weighted by
  rank (mean precision@k at the useful ranks). Low → noisy retrieval (hybrid search, reranking).

Plus `hit_rate`, which needs no judge: whether the document the answer is in was retrieved.
A score is None when the judge's reply cannot be read, or when it does not apply (no claims).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .corpus import EvalItem, sentences
from .prompts import CLAIMS_SYSTEM, CLAIMS_USER, QUESTIONS_SYSTEM, QUESTIONS_USER, VERIFY_SYSTEM, VERIFY_USER
from .providers import Provider, reply_json, system, user
from .rag import RagPipeline
from .retrieval import cosine
from .tracing import span

METRICS = ("faithfulness", "answer_relevancy", "context_recall", "context_precision", "hit_rate")


class JudgeError(ValueError):
    """The judge's reply is not what it was asked for."""


class Judge:
    """The LLM that grades (ideally stronger than the one that answers) and the embedder."""

    def __init__(self, llm: Provider, embedder: Provider | None = None):
        self.llm = llm
        self.embedder = embedder or llm

    def _ask(self, system_prompt: str, prompt: str) -> dict[str, Any]:
        with span("judge.call") as s:
            reply = self.llm.complete([system(system_prompt), user(prompt)], max_tokens=800)
            s.outputs["reply"] = reply
        try:
            return reply_json(reply)
        except ValueError as exc:
            raise JudgeError(str(exc)) from None

    def claims(self, question: str, answer: str) -> list[str]:
        data = self._ask(CLAIMS_SYSTEM, CLAIMS_USER.format(question=question, answer=answer))
        return [str(c) for c in data.get("claims", []) if str(c).strip()]

    def supported(self, statements: list[str], contexts: list[str]) -> list[bool]:
        if not statements:
            return []
        numbered = "\n".join(f"{i}. {s}" for i, s in enumerate(statements, 1))
        prompt = VERIFY_USER.format(context="\n\n".join(contexts), statements=numbered)
        data = self._ask(VERIFY_SYSTEM, prompt)
        verdicts = data.get("verdicts", [])
        if len(verdicts) != len(statements):
            raise JudgeError(f"{len(statements)} statements but {len(verdicts)} verdicts")
        return [str(v.get("verdict", "")).strip().lower() in ("yes", "1", "true") for v in verdicts]

    def questions(self, answer: str) -> tuple[list[str], bool]:
        data = self._ask(QUESTIONS_SYSTEM, QUESTIONS_USER.format(answer=answer))
        return [str(q) for q in data.get("questions", [])], bool(int(data.get("noncommittal", 0)))


def faithfulness(judge: Judge, question: str, answer: str, contexts: list[str]) -> tuple[float | None, dict]:
    claims = judge.claims(question, answer)
    verdicts = judge.supported(claims, contexts)
    score = sum(verdicts) / len(verdicts) if verdicts else None
    return score, {"claims": [{"claim": c, "supported": v} for c, v in zip(claims, verdicts, strict=True)]}


def answer_relevancy(judge: Judge, question: str, answer: str) -> tuple[float, dict]:
    generated, noncommittal = judge.questions(answer)
    if noncommittal or not generated:
        return 0.0, {"generated_questions": generated, "noncommittal": noncommittal}
    vectors = judge.embedder.embed([question, *generated])
    score = sum(cosine(vectors[0], v) for v in vectors[1:]) / len(generated)
    return max(0.0, score), {"generated_questions": generated, "noncommittal": False}


def context_recall(judge: Judge, ground_truth: str, contexts: list[str]) -> tuple[float | None, dict]:
    statements = sentences(ground_truth)
    verdicts = judge.supported(statements, contexts) if contexts else [False] * len(statements)
    score = sum(verdicts) / len(verdicts) if verdicts else None
    return score, {"ground_truth": [{"sentence": s, "attributed": v}
                                    for s, v in zip(statements, verdicts, strict=True)]}


def context_precision(judge: Judge, ground_truth: str, contexts: list[str]) -> tuple[float, dict]:
    statements = sentences(ground_truth)
    useful = [any(judge.supported(statements, [context])) for context in contexts]
    hits, total = 0, 0.0
    for rank, relevant in enumerate(useful, 1):
        if relevant:
            hits += 1
            total += hits / rank  # precision@rank, counted at the useful ranks
    return (total / hits if hits else 0.0), {"useful": useful}


@dataclass
class QuestionResult:
    question: str
    ground_truth: str
    answer: str
    contexts: list[str]  # passage ids, best first
    scores: dict[str, float | None]
    details: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    latency_ms: float = 0.0


@dataclass
class Report:
    config: str
    k: int
    provider: str
    judge: str
    results: list[QuestionResult]

    @property
    def metrics(self) -> dict[str, float | None]:
        means: dict[str, float | None] = {}
        for metric in METRICS:
            values = [r.scores[metric] for r in self.results if r.scores.get(metric) is not None]
            means[metric] = round(sum(values) / len(values), 3) if values else None
        return means

    @property
    def latency_ms(self) -> float:
        return round(sum(r.latency_ms for r in self.results) / len(self.results), 1) if self.results else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"config": self.config, "k": self.k, "provider": self.provider, "judge": self.judge,
                "metrics": self.metrics, "mean_latency_ms": self.latency_ms,
                "questions": [asdict(r) for r in self.results]}


def evaluate_item(pipeline: RagPipeline, judge: Judge, item: EvalItem, config: str, k: int) -> QuestionResult:
    answer = pipeline.ask(item.question, config, k)
    contexts = answer.contexts
    result = QuestionResult(item.question, item.ground_truth, answer.text,
                            [h.passage.id for h in answer.hits], dict.fromkeys(METRICS),
                            latency_ms=answer.latency_ms)
    if item.source:
        result.scores["hit_rate"] = float(any(h.passage.doc == item.source for h in answer.hits))
    metrics = {
        "faithfulness": lambda: faithfulness(judge, item.question, answer.text, contexts),
        "answer_relevancy": lambda: answer_relevancy(judge, item.question, answer.text),
        "context_recall": lambda: context_recall(judge, item.ground_truth, contexts),
        "context_precision": lambda: context_precision(judge, item.ground_truth, contexts),
    }
    with pipeline.tracer.trace("judge", question=item.question, config=config) as trace:
        for name, measure in metrics.items():
            with span(f"judge.{name}") as s:
                try:
                    score, detail = measure()
                except JudgeError as exc:
                    result.errors.append(f"{name}: {exc}")
                    continue
                result.scores[name] = None if score is None else round(score, 3)
                result.details[name] = detail
                s.outputs["score"] = result.scores[name]
        trace.outputs = {"scores": result.scores}
    return result


def evaluate(pipeline: RagPipeline, items: list[EvalItem], config: str, k: int,
             judge: Judge | None = None) -> Report:
    judge = judge or Judge(pipeline.provider)
    results = [evaluate_item(pipeline, judge, item, config, k) for item in items]
    return Report(config, k, pipeline.provider.name, judge.llm.name, results)


def _cell(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def format_report(report: Report) -> str:
    """One row per question, then the means."""
    short = {"faithfulness": "faith", "answer_relevancy": "relev", "context_recall": "recall",
             "context_precision": "prec", "hit_rate": "hit"}
    lines = [f"config: {report.config}   k={report.k}   provider: {report.provider}   judge: {report.judge}",
             f"{'question':48} " + " ".join(f"{short[m]:>6}" for m in METRICS)]
    for r in report.results:
        question = r.question if len(r.question) <= 48 else r.question[:45] + "..."
        lines.append(f"{question:48} " + " ".join(f"{_cell(r.scores[m]):>6}" for m in METRICS))
    lines.append(f"{'mean':48} " + " ".join(f"{_cell(report.metrics[m]):>6}" for m in METRICS))
    return "\n".join(lines)


def format_comparison(reports: list[Report]) -> str:
    """The configurations side by side: one row each, the mean of every metric and the latency."""
    width = max(len("config"), *(len(r.config) for r in reports))
    lines = [f"{'config':{width}} " + " ".join(f"{m:>17}" for m in METRICS) + f" {'latency ms':>10}"]
    for r in reports:
        lines.append(f"{r.config:{width}} " + " ".join(f"{_cell(r.metrics[m]):>17}" for m in METRICS)
                     + f" {r.latency_ms:>10.1f}")
    return "\n".join(lines)
