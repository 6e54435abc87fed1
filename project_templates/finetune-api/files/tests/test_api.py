from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from {{ cookiecutter.package_name }}.api import create_app
from {{ cookiecutter.package_name }}.providers import FakeProvider
from {{ cookiecutter.package_name }}.security import ApiKeys, RateLimiter

KEY = "k" * 24
OTHER = "o" * 24


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def client(clock):
    limiter = RateLimiter(per_minute=60, burst=2, clock=clock)
    return TestClient(create_app(keys=ApiKeys([KEY, OTHER]), limiter=limiter))


def ask(client, key=KEY, header="X-API-Key", prompt="How do I reset my password?"):
    value = key if header == "X-API-Key" else f"Bearer {key}"
    return client.post("/generate", json={"prompt": prompt}, headers={header: value})


def test_generate_answers_like_the_fine_tuned_stand_in(client):
    response = ask(client)
    assert response.status_code == 200
    assert response.json() == {
        "model": "fake",
        "text": "Click 'Forgot password' on the login page and follow the link we email you; "
                "the link is valid for 30 minutes.",
        "note": "offline stand-in, not a trained model: the output of training example line 2 "
                "(similarity 1.00)"}
    assert response.headers["X-RateLimit-Remaining"] == "1"
    assert ask(client, OTHER, header="Authorization").status_code == 200


def test_a_prompt_the_stand_in_does_not_know_gets_422_not_an_answer(client):
    response = ask(client, prompt="What is the capital of France?")
    assert response.status_code == 422
    assert response.json()["detail"].startswith("the offline stand-in cannot answer this")


def test_requests_without_a_valid_key_are_refused(client):
    assert client.post("/generate", json={"prompt": "hi"}).status_code == 401
    response = ask(client, "x" * 24)
    assert response.status_code == 401 and response.headers["WWW-Authenticate"] == "Bearer"
    assert client.get("/health").json() == {"status": "ok"}  # open


def test_too_many_requests_get_429_with_retry_after(client, clock):
    assert [ask(client).status_code for _ in range(3)] == [200, 200, 429]
    refused = ask(client)
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "1"
    assert ask(client, OTHER).status_code == 200  # another key is not affected
    clock.now += 1.0
    assert ask(client).status_code == 200


def test_bad_requests_and_an_unconfigured_service():
    app = create_app(keys=ApiKeys([]), generator=FakeProvider(replies=["x"]))
    assert ask(TestClient(app)).status_code == 503  # no keys configured: closed, not open
    client = TestClient(create_app(keys=ApiKeys([KEY])))
    assert ask(client, prompt="").status_code == 422
    too_long = client.post("/generate", json={"prompt": "hi", "max_tokens": 5000}, headers={"X-API-Key": KEY})
    assert too_long.status_code == 422
