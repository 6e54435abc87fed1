from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from {{ cookiecutter.package_name }}.api import create_app
from {{ cookiecutter.package_name }}.rag import RagPipeline
from {{ cookiecutter.package_name }}.tracing import JsonlSink, Tracer


@pytest.fixture
def client(tmp_path):
    return TestClient(create_app(RagPipeline(tracer=Tracer([JsonlSink(tmp_path / "traces.jsonl")]))))


def test_ask_returns_the_answer_its_passages_and_trace(client):
    response = client.post("/ask", json={"question": "What is the monthly price of Helio Plus?"})
    body = response.json()
    assert response.status_code == 200 and "4 euros per month" in body["answer"]
    assert body["config"] == "hybrid+rerank" and body["contexts"][0]["id"] == "app-and-billing.md#3"
    assert body["trace_id"] and body["hypothetical"] is None


def test_hyde_and_k_can_be_chosen(client):
    body = client.post("/ask", json={"question": "How many batteries can I combine?",
                                     "config": "hybrid+rerank+hyde", "k": 2}).json()
    assert len(body["contexts"]) == 2 and body["hypothetical"]


def test_metrics_summarise_the_requests(client):
    client.post("/ask", json={"question": "What does Storm Watch do?"})
    metrics = client.get("/metrics").json()
    assert metrics["traces"]["ask"]["count"] == 1 and "rerank" in metrics["spans"]


def test_configs_health_and_bad_requests(client):
    assert client.get("/configs").json()["configs"][-1] == "hybrid+rerank+hyde"
    assert client.get("/health").json()["provider"] == "fake"
    assert client.post("/ask", json={"question": "x", "config": "magic"}).status_code == 422
    assert client.post("/ask", json={"question": ""}).status_code == 422
