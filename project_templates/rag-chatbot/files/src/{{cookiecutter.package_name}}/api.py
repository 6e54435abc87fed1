"""The FastAPI service, started with `{{ cookiecutter.project_slug }} serve`, or:

    uvicorn {{ cookiecutter.package_name }}.api:app

POST /ingest (a file upload), POST /ask {"question": ..., "k": 4}, GET /health.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import FastAPI, HTTPException, UploadFile
from pydantic import BaseModel, Field

from .documents import SUPPORTED, DocumentError
from .providers import ProviderError
from .rag import RagPipeline
from .store import StoreError


class AskRequest(BaseModel):
    question: str = Field(min_length=1, max_length=2000)
    k: int = Field(default=4, ge=1, le=20)


class CitationOut(BaseModel):
    source: str
    page: int
    score: float
    snippet: str


class AskResponse(BaseModel):
    answer: str
    confidence: float
    citations: list[CitationOut]


class IngestResponse(BaseModel):
    source: str
    chunks: int


def create_app(pipeline: RagPipeline | None = None) -> FastAPI:
    app = FastAPI(title={{ cookiecutter.project_name | tojson }}, version="0.1.0")
    state: dict[str, RagPipeline] = {}

    def rag() -> RagPipeline:
        # Built on first use, so importing the module touches no files and no provider.
        if "rag" not in state:
            try:
                state["rag"] = pipeline or RagPipeline()
            except (ProviderError, StoreError) as exc:
                raise HTTPException(503, str(exc)) from None
        return state["rag"]

    @app.get("/health")
    def health() -> dict:
        current = rag()
        return {"status": "ok", "provider": current.provider.name, "chunks": len(current.store),
                "sources": current.store.sources()}

    @app.post("/ingest", response_model=IngestResponse)
    async def ingest(file: UploadFile) -> IngestResponse:
        name = Path(file.filename or "upload").name  # never a path the client chose
        if Path(name).suffix.lower() not in SUPPORTED:
            raise HTTPException(415, f"unsupported file type: use {', '.join(SUPPORTED)}")
        with tempfile.TemporaryDirectory() as tmp:
            target = Path(tmp) / name
            target.write_bytes(await file.read())
            try:
                count = rag().ingest(target, source=name)
            except (DocumentError, ProviderError, StoreError) as exc:
                raise HTTPException(422, str(exc)) from None
        return IngestResponse(source=name, chunks=count)

    @app.post("/ask", response_model=AskResponse)
    def ask(request: AskRequest) -> AskResponse:
        try:
            answer = rag().ask(request.question, request.k)
        except (ProviderError, StoreError) as exc:
            raise HTTPException(502, str(exc)) from None
        return AskResponse(answer=answer.text, confidence=answer.confidence,
                           citations=[CitationOut(**vars(c)) for c in answer.citations])

    return app


app = create_app()
