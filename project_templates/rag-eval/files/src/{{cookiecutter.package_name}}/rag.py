"""The RAG pipeline: retrieve with a configuration, then answer from the retrieved passages only.

Each `ask` is one trace: the retrieval spans (see `retrieval.py`) and the generation span.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from .corpus import Passage, load_corpus
from .offline import offline_brain
from .prompts import ANSWER_SYSTEM, ANSWER_USER
from .providers import Provider, get_provider, system, user
from .rerank import Reranker, get_reranker
from .retrieval import CONFIGS, DEFAULT_CONFIG, VECTOR_WEIGHT, Hit, RetrievalConfig, Retriever
from .tracing import Tracer, span

TOP_K = {{ cookiecutter.top_k }}
NO_CONTEXT = "I don't know: no passage matches the question."


def index_dir() -> Path:
    """Where embeddings are cached: $RAG_INDEX_DIR, else .index (git-ignored)."""
    return Path(os.environ.get("RAG_INDEX_DIR") or ".index")


@dataclass
class Answer:
    question: str
    text: str
    config: str
    hits: list[Hit] = field(default_factory=list)
    hypothetical: str | None = None
    trace_id: str = ""
    latency_ms: float = 0.0

    @property
    def contexts(self) -> list[str]:
        return [hit.passage.text for hit in self.hits]


def format_context(hits: list[Hit]) -> str:
    return "\n\n".join(f"{hit.passage.label}\n{hit.passage.text}" for hit in hits)


class RagPipeline:
    def __init__(self, passages: list[Passage] | None = None, provider: Provider | None = None,
                 reranker: Reranker | None = None, tracer: Tracer | None = None,
                 vector_weight: float = VECTOR_WEIGHT, cache_dir: str | Path | None = None):
        self.passages = passages if passages is not None else load_corpus()
        self.provider = provider or get_provider(brain=offline_brain)
        self.reranker = reranker or get_reranker()
        self.tracer = tracer or Tracer()  # no sinks: records nothing unless given one
        self.retriever = Retriever(self.passages, self.provider, self.reranker, vector_weight, cache_dir)

    def ask(self, question: str, config: RetrievalConfig | str = DEFAULT_CONFIG, k: int = TOP_K) -> Answer:
        config = CONFIGS[config] if isinstance(config, str) else config
        started = time.perf_counter()
        with self.tracer.trace("ask", question=question, config=config.name, k=k) as trace:
            retrieval = self.retriever.retrieve(question, config, k)
            with span("generate", provider=self.provider.name) as s:
                if retrieval.hits:
                    prompt = ANSWER_USER.format(context=format_context(retrieval.hits), question=question)
                    text = self.provider.complete([system(ANSWER_SYSTEM), user(prompt)]).strip()
                else:
                    text = NO_CONTEXT
                s.outputs["answer"] = text
            trace.outputs = {"answer": text, "contexts": [h.passage.id for h in retrieval.hits]}
        return Answer(question, text, config.name, retrieval.hits, retrieval.hypothetical, trace.id,
                      round((time.perf_counter() - started) * 1000, 1))
