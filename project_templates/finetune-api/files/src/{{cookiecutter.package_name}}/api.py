"""The FastAPI service: `{{ cookiecutter.project_slug }} serve`, or with uvicorn:
`uvicorn {{ cookiecutter.package_name }}.api:app`.

POST /generate {"prompt": ..., "max_tokens": 256}   needs an API key: `X-API-Key: KEY` or
                                                    `Authorization: Bearer KEY`
GET  /health                                        open, for load balancers

Settings from the environment: API_KEYS (comma-separated; with none set, /generate answers 503
rather than run open), RATE_LIMIT_PER_MINUTE, RATE_LIMIT_BURST, LLM_PROVIDER (fake, local, …),
ADAPTER_DIR.
"""

from __future__ import annotations

from fastapi import Depends, FastAPI, HTTPException, Request, Response
from pydantic import BaseModel, Field

from .generators import CannotAnswer, get_generator, prompt_messages, stand_in_note
from .providers import Provider, ProviderError
from .recipe import load_recipe
from .security import ApiKeys, KeyConfigError, RateLimiter


class GenerateRequest(BaseModel):
    prompt: str = Field(min_length=1, max_length=4000)
    max_tokens: int = Field(default=256, ge=1, le=1024)


class GenerateResponse(BaseModel):
    text: str
    model: str
    note: str | None = None  # set when an offline stand-in answered: what it did, in words


def create_app(generator: Provider | None = None, keys: ApiKeys | None = None,
               limiter: RateLimiter | None = None, system_prompt: str | None = None) -> FastAPI:
    app = FastAPI(title={{ cookiecutter.project_name | tojson }}, version="0.1.0")
    state: dict[str, object] = {}

    def settings() -> tuple[ApiKeys, RateLimiter]:
        # Read on first use, so importing the module reads no environment and loads no model.
        if "keys" not in state:
            try:
                state["keys"] = keys if keys is not None else ApiKeys.from_env()
                state["limiter"] = limiter if limiter is not None else RateLimiter.from_env()
            except KeyConfigError as exc:
                raise HTTPException(503, str(exc)) from None
        return state["keys"], state["limiter"]  # type: ignore[return-value]

    def model() -> tuple[Provider, str]:
        if "model" not in state:
            try:
                state["model"] = generator or get_generator()
                state["system"] = system_prompt or load_recipe().data.system_prompt
            except ProviderError as exc:
                raise HTTPException(503, str(exc)) from None
        return state["model"], state["system"]  # type: ignore[return-value]

    def authorized(request: Request, response: Response) -> str:
        api_keys, rate_limiter = settings()
        if not len(api_keys):
            raise HTTPException(503, "no API keys configured: set API_KEYS (make one with: keygen)")
        presented = request.headers.get("x-api-key")
        bearer = request.headers.get("authorization", "")
        if not presented and bearer.lower().startswith("bearer "):
            presented = bearer[7:].strip()
        key_id = api_keys.identify(presented)
        if key_id is None:
            raise HTTPException(401, "missing or invalid API key", headers={"WWW-Authenticate": "Bearer"})
        decision = rate_limiter.take(key_id)
        if not decision.allowed:
            headers = {"Retry-After": decision.retry_after_header, "X-RateLimit-Remaining": "0"}
            raise HTTPException(429, "rate limit exceeded: slow down", headers=headers)
        response.headers["X-RateLimit-Remaining"] = str(decision.remaining)
        return key_id

    @app.get("/health")
    def health() -> dict:
        return {"status": "ok"}

    @app.post("/generate", response_model=GenerateResponse)
    def generate(request: GenerateRequest, _key: str = Depends(authorized)) -> GenerateResponse:
        provider, system = model()
        try:
            text = provider.complete(prompt_messages(request.prompt, system), max_tokens=request.max_tokens)
        except CannotAnswer as exc:  # the offline stand-in does not know this prompt: say so, answer nothing
            raise HTTPException(422, str(exc)) from None
        except ProviderError as exc:
            raise HTTPException(502, str(exc)) from None
        note = stand_in_note(provider, request.prompt)
        return GenerateResponse(text=text.strip(), model=provider.name, note=note)

    return app


app = create_app()
