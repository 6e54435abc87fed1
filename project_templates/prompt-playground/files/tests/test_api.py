from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from {{ cookiecutter.package_name }}.api import create_app
from {{ cookiecutter.package_name }}.offline import OfflineModel
from {{ cookiecutter.package_name }}.providers import FakeProvider


@pytest.fixture
def client():
    return TestClient(create_app(FakeProvider(brain=OfflineModel(slip_one_in=None))))


def test_the_page_and_its_lists(client):
    page = client.get("/")
    assert page.status_code == 200 and "api/compare" in page.text
    assert [s["name"] for s in client.get("/api/strategies").json()][0] == "zero_shot"
    assert client.get("/api/questions").json()[0]["expected"] == "23"


def test_compare_returns_every_strategy(client):
    response = client.post("/api/compare", json={"question": "What is 3 + 4 * 5?", "samples": 3})
    body = response.json()
    assert response.status_code == 200 and body["expected"] == "23" and body["provider"] == "fake"
    assert [(r["strategy"], r["correct"]) for r in body["results"]] == [
        ("zero_shot", False), ("few_shot", True), ("chain_of_thought", True), ("self_consistency", True)]
    assert len(body["results"][3]["outputs"]) == 3 and body["results"][3]["votes"] == {"23": 3}


def test_bad_requests_are_refused(client):
    assert client.post("/api/compare", json={"question": ""}).status_code == 422
    unknown = client.post("/api/compare", json={"question": "hi", "strategies": ["magic"]})
    assert unknown.status_code == 422 and "unknown strategy" in unknown.json()["detail"]
    assert client.post("/api/compare", json={"question": "hi", "samples": 99}).status_code == 422
