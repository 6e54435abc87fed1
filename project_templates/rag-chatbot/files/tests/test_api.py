from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from {{ cookiecutter.package_name }}.api import create_app
from {{ cookiecutter.package_name }}.documents import sample_folder
from {{ cookiecutter.package_name }}.index import Index
from {{ cookiecutter.package_name }}.rag import RagPipeline, default_provider


@pytest.fixture
def client(tmp_path):
    return TestClient(create_app(RagPipeline(Index(tmp_path, default_provider("fake")))))


def test_upload_then_ask(client):
    assert client.post("/ask", json={"question": "What is the meal allowance?"}).status_code == 409
    pdf = (sample_folder() / "handbook.pdf").read_bytes()
    response = client.post("/ingest", files={"file": ("handbook.pdf", pdf, "application/pdf")})
    assert response.status_code == 200 and response.json()["chunks"] >= 8
    question = "What is the daily meal allowance on business trips?"
    body = client.post("/ask", json={"question": question}).json()
    assert body["answered"] and "45 euros" in body["answer"]
    first = body["citations"][0]
    assert (first["page"], first["section"]) == (5, "Business travel and expenses")
    body = client.post("/ask", json={"question": "Who won the 1954 world cup?"}).json()
    assert not body["answered"] and body["citations"] == []
    assert client.get("/health").json()["sources"] == ["handbook.pdf"]


def test_bad_requests_are_refused(client):
    executable = ("x.exe", b"MZ", "application/octet-stream")
    assert client.post("/ingest", files={"file": executable}).status_code == 415
    broken = client.post("/ingest", files={"file": ("../../evil.pdf", b"not a pdf", "application/pdf")})
    assert broken.status_code == 422 and "evil.pdf" in broken.json()["detail"]
    assert client.post("/ask", json={"question": ""}).status_code == 422
    assert client.post("/ask", json={"question": "hi", "k": 50}).status_code == 422
