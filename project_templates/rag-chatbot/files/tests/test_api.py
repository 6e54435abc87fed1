from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from {{ cookiecutter.package_name }}.api import create_app
from {{ cookiecutter.package_name }}.documents import sample_documents
from {{ cookiecutter.package_name }}.rag import RagPipeline
from {{ cookiecutter.package_name }}.store import open_store


@pytest.fixture
def client(tmp_path):
    return TestClient(create_app(RagPipeline(open_store(tmp_path))))


def test_upload_then_ask(client):
    pdf = next(p for p in sample_documents() if p.suffix == ".pdf")
    response = client.post("/ingest", files={"file": ("handbook.pdf", pdf.read_bytes(), "application/pdf")})
    assert response.status_code == 200 and response.json()["chunks"] > 0
    response = client.post("/ask", json={"question": "What is the daily meal allowance on business trips?"})
    body = response.json()
    assert response.status_code == 200 and "45 euros" in body["answer"]
    assert body["citations"][0]["page"] == 3 and 0 < body["confidence"] <= 1
    assert client.get("/health").json()["sources"] == ["handbook.pdf"]


def test_bad_requests_are_refused(client):
    executable = ("x.exe", b"MZ", "application/octet-stream")
    assert client.post("/ingest", files={"file": executable}).status_code == 415
    broken = client.post("/ingest", files={"file": ("../../evil.pdf", b"not a pdf", "application/pdf")})
    assert broken.status_code == 422 and "evil.pdf" in broken.json()["detail"]
    assert client.post("/ask", json={"question": ""}).status_code == 422
