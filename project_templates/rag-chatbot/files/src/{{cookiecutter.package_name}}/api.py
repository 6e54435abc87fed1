"""The FastAPI service, started with `{{ cookiecutter.project_slug }} serve`, or:

    uvicorn {{ cookiecutter.package_name }}.api:app

POST /ingest (a file upload), POST /ask {"question": ..., "k": 4}, GET /health.
/ask answers 200 with `answered: false` and no citations when the documents do not hold the answer.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import FastAPI, HTTPException, UploadFile
from pydantic import BaseModel, Field

from .documents import MAX_FILE_BYTES, SUPPORTED, DocumentError
from .providers import ProviderError
from .rag import NothingFound, RagPipeline, StoreError


class AskRequest(BaseModel):
    question: str = Field(min_length=1, max_length=2000)
    k: int = Field(default=4, ge=1, le=20)


class CitationOut(BaseModel):
    source: str
    page: int | None
    section: str | None
    score: float
    snippet: str


class AskResponse(BaseModel):
    answer: str
    answered: bool
    citations: list[CitationOut]
    model: str


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
        return {"status": "ok", "model": current.model, "chunks": len(current.index),
                "sources": current.index.sources()}

    @app.post("/ingest", response_model=IngestResponse)
    async def ingest(file: UploadFile) -> IngestResponse:
        name = Path(file.filename or "upload").name  # never a path the client chose
        if Path(name).suffix.lower() not in SUPPORTED:
            raise HTTPException(415, f"unsupported file type: use {', '.join(SUPPORTED)}")
        data = await file.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise HTTPException(413, f"larger than {MAX_FILE_BYTES // 2**20} MB")
        with tempfile.TemporaryDirectory() as tmp:
            target = Path(tmp) / name
            target.write_bytes(data)
            try:
                count = rag().ingest_upload(target, name)
            except (DocumentError, ProviderError, StoreError) as exc:
                raise HTTPException(422, str(exc)) from None
        return IngestResponse(source=name, chunks=count)

    @app.post("/ask", response_model=AskResponse)
    def ask(request: AskRequest) -> AskResponse:
        try:
            answer = rag().ask(request.question, request.k)
        except NothingFound as exc:
            raise HTTPException(409, str(exc)) from None
        except (ProviderError, StoreError) as exc:
            raise HTTPException(502, str(exc)) from None
        return AskResponse(answer=answer.text, answered=answer.answered, model=answer.model,
                           citations=[CitationOut(**vars(c)) for c in answer.citations])

    return app


app = create_app()
