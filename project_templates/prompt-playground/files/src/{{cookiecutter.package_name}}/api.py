"""The web playground: `{{ cookiecutter.project_slug }} serve`, or
`uvicorn {{ cookiecutter.package_name }}.api:app`.

GET / is a one-page UI (static/index.html, plain JavaScript) over the JSON API:
GET /api/strategies, GET /api/questions, POST /api/compare {"question": ..., "strategies": [...]}.
"""

from __future__ import annotations

import os
from importlib import resources

from fastapi import FastAPI, HTTPException
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from .playground import compare, make_provider
from .providers import Provider, ProviderError
from .strategies import StrategyError, expected_answer, load_questions, load_strategies, with_samples


class CompareRequest(BaseModel):
    question: str = Field(min_length=1, max_length=4000)
    strategies: list[str] | None = None
    expected: str | None = Field(default=None, max_length=200)
    samples: int | None = Field(default=None, ge=1, le=20)


def create_app(provider: Provider | None = None, templates: str | None = None) -> FastAPI:
    app = FastAPI(title={{ cookiecutter.project_name | tojson }}, version="0.1.0")
    folder = templates or os.environ.get("PLAYGROUND_TEMPLATES") or None
    state: dict[str, Provider] = {}

    def llm() -> Provider:
        # Made on first use, so importing the module needs no key.
        if "provider" not in state:
            try:
                state["provider"] = provider or make_provider()
            except ProviderError as exc:
                raise HTTPException(503, str(exc)) from None
        return state["provider"]

    @app.get("/", response_class=HTMLResponse)
    def page() -> str:
        return (resources.files(__package__) / "static" / "index.html").read_text(encoding="utf-8")

    @app.get("/api/strategies")
    def strategies() -> list[dict]:
        return [{"name": s.name, "title": s.title, "description": s.description,
                 "temperature": s.temperature, "samples": s.samples} for s in load_strategies(folder)]

    @app.get("/api/questions")
    def questions() -> list[dict]:
        return [{"question": q.question, "expected": q.expected} for q in load_questions()]

    @app.post("/api/compare")
    def run(request: CompareRequest) -> dict:
        try:
            chosen = load_strategies(folder, request.strategies)
            if request.samples:
                chosen = with_samples(chosen, request.samples)
            expected = request.expected or expected_answer(request.question, load_questions())
            return compare(request.question, chosen, llm(), expected).to_dict()
        except (StrategyError, ValueError) as exc:
            raise HTTPException(422, str(exc)) from None
        except ProviderError as exc:
            raise HTTPException(502, str(exc)) from None

    return app


app = create_app()
