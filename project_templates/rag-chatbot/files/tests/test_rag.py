from __future__ import annotations

import pytest

from {{ cookiecutter.package_name }}.documents import sample_documents
from {{ cookiecutter.package_name }}.providers import FakeProvider
from {{ cookiecutter.package_name }}.rag import SYSTEM_PROMPT, RagPipeline
from {{ cookiecutter.package_name }}.store import open_store


@pytest.fixture
def pipeline(tmp_path):
    rag = RagPipeline(open_store(tmp_path / "index"))
    for document in sample_documents():
        assert rag.ingest(document) > 0
    return rag


def test_answers_cite_the_right_page_with_high_confidence(pipeline):
    answer = pipeline.ask("How many days of paid vacation do employees get?")
    assert "25 days of paid vacation" in answer.text
    assert (answer.citations[0].source, answer.citations[0].page) == ("handbook.pdf", 1)
    assert answer.confidence >= 0.6


def test_markdown_documents_are_searched_too(pipeline):
    answer = pipeline.ask("What is the guest Wi-Fi network called?")
    assert "acme-guest" in answer.text and answer.citations[0].source == "it-policy.md"


def test_unanswerable_questions_have_zero_confidence(pipeline):
    answer = pipeline.ask("Who won the football world cup in 1954?")
    assert "don't know" in answer.text and answer.confidence == 0.0


def test_the_prompt_carries_labelled_passages(pipeline, tmp_path):
    fake = FakeProvider(replies=["See [handbook.pdf p.2]."])
    rag = RagPipeline(pipeline.store, fake)
    rag.ask("What is the home office budget?", k=2)
    system_message, user_message = fake.calls[0]
    assert system_message.content == SYSTEM_PROMPT
    assert user_message.content.count("[handbook.pdf p.") >= 1 and "<context>" in user_message.content


def test_an_empty_index_says_so(tmp_path):
    answer = RagPipeline(open_store(tmp_path)).ask("anything?")
    assert "ingest" in answer.text and answer.confidence == 0.0
