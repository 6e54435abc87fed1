"""The FastAPI service: `{{ cookiecutter.project_slug }} serve`, or
`uvicorn {{ cookiecutter.package_name }}.api:app`.

POST /ask {"question": ..., "config": "hybrid+rerank", "k": 4}  → the answer, its passages, trace id
GET  /configs   the retrieval configurations
GET  /metrics   the trace log summarised: requests, errors, p50/p95 latency per step
GET  /health
"""

from __future__ import annotations

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, Field

from .providers import ProviderError
from .rag import TOP_K, RagPipeline, index_dir
from .retrieval import CONFIGS, DEFAULT_CONFIG
from .tracing import JsonlSink, make_tracer, read_traces, summarize


class AskRequest(BaseModel):
    question: str = Field(min_length=1, max_length=2000)
    config: str = DEFAULT_CONFIG
    k: int = Field(default=TOP_K, ge=1, le=20)


class Context(BaseModel):
    id: str
    title: str
    score: float
    text: str


class AskResponse(BaseModel):
    answer: str
    config: str
    contexts: list[Context]
    hypothetical: str | None
    trace_id: str
    latency_ms: float


def create_app(pipeline: RagPipeline | None = None) -> FastAPI:
    app = FastAPI(title={{ cookiecutter.project_name | tojson }}, version="0.1.0")
    built: list[RagPipeline] = [pipeline] if pipeline else []

    def current() -> RagPipeline:
        """The pipeline, built on the first request: importing the app reads no files."""
        if not built:
            try:
                built.append(RagPipeline(tracer=make_tracer(service="api"), cache_dir=index_dir()))
            except ProviderError as exc:
                raise HTTPException(503, str(exc)) from None
        return built[0]

    @app.get("/health")
    def health() -> dict:
        rag = current()
        return {"status": "ok", "provider": rag.provider.name, "reranker": rag.reranker.name,
                "passages": len(rag.passages)}

    @app.get("/configs")
    def configs() -> dict:
        return {"default": DEFAULT_CONFIG, "configs": list(CONFIGS)}

    @app.post("/ask", response_model=AskResponse)
    def ask(request: AskRequest) -> AskResponse:
        if request.config not in CONFIGS:
            raise HTTPException(422, f"unknown config '{request.config}': use one of {', '.join(CONFIGS)}")
        try:
            answer = current().ask(request.question, request.config, request.k)
        except ProviderError as exc:
            raise HTTPException(502, str(exc)) from None
        contexts = [Context(id=h.passage.id, title=h.passage.title, score=round(h.score, 4),
                            text=h.passage.text) for h in answer.hits]
        return AskResponse(answer=answer.text, config=answer.config, contexts=contexts,
                           hypothetical=answer.hypothetical, trace_id=answer.trace_id,
                           latency_ms=answer.latency_ms)

    @app.get("/metrics")
    def metrics() -> dict:
        logs = [sink.path for sink in current().tracer.sinks if isinstance(sink, JsonlSink)]
        return summarize(read_traces(logs[0])) if logs else {"traces": {}, "spans": {}, "last": []}

    return app


app = create_app()
