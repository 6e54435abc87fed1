from __future__ import annotations

import shutil

import pytest

from {{ cookiecutter.package_name }}.documents import sample_folder
from {{ cookiecutter.package_name }}.index import Index
from {{ cookiecutter.package_name }}.providers import FakeProvider
from {{ cookiecutter.package_name }}.rag import SYSTEM_PROMPT, NothingFound, RagPipeline, default_provider
from {{ cookiecutter.package_name }}.reader import CANNOT_ANSWER


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    rag = RagPipeline(Index(tmp_path_factory.mktemp("index"), default_provider("fake")), chunk_size=800)
    report = rag.ingest()
    assert report.added == ["handbook.pdf", "it-policy.md"] and report.total_chunks > 8
    return rag


def test_answers_quote_the_page_they_cite(pipeline):
    answer = pipeline.ask("What is the daily meal allowance on business trips?")
    assert answer.answered and "45 euros" in answer.text
    (first, *_) = answer.citations
    assert (first.source, first.page, first.section) == ("handbook.pdf", 5, "Business travel and expenses")
    assert answer.text.rstrip(".") in " ".join(first.snippet.split()) or "45 euros" in first.snippet


def test_markdown_answers_cite_their_heading(pipeline):
    answer = pipeline.ask("What is the guest Wi-Fi network called?")
    assert "acme-guest" in answer.text
    assert [(c.source, c.page, c.section) for c in answer.citations] == [
        ("it-policy.md", None, "Acme Cloud IT policy > Networks > Guest Wi-Fi")]


@pytest.mark.parametrize("question", [
    "Who won the football world cup in 1954?",
    "How many vacation days do contractors get?",  # the handbook only says what employees get
    "What is the capital of France?",
])
def test_the_offline_reader_never_answers_a_different_question(pipeline, question):
    answer = pipeline.ask(question)
    assert not answer.answered and answer.text == CANNOT_ANSWER and answer.citations == []
    assert answer.model.startswith("fake (offline extractive reader")


def test_citations_are_the_passages_the_reply_points_at(pipeline):
    hits = pipeline.retrieve("What is the home office budget?")
    for reply, expected in [("The budget is 800 euros [2].", [hits[1]]),
                            ("See [3, 1] and [2].", hits[:3]),  # best-ranked first, whatever the order cited
                            (f"{hits[2].chunk.text[:80]}", [hits[2]])]:  # no numbers: the passage it quotes
        rag = RagPipeline(pipeline.index, FakeProvider(replies=[reply]))
        answer = rag.ask("What is the home office budget?")
        assert [(c.source, c.page, c.section) for c in answer.citations] == [
            (h.chunk.source, h.chunk.page, h.chunk.section) for h in expected], reply
        assert "[" not in answer.text
    refusal = RagPipeline(pipeline.index, FakeProvider(replies=["I don't know, the passages do not say."]))
    answer = refusal.ask("What is the home office budget?")
    assert not answer.answered and answer.citations == []


def test_the_prompt_carries_numbered_labelled_passages(pipeline):
    fake = FakeProvider(replies=["800 euros [1]."])
    RagPipeline(pipeline.index, fake).ask("What is the home office budget?", k=2)
    system_message, user_message = fake.calls[0]
    assert system_message.content == SYSTEM_PROMPT
    assert "[1] handbook.pdf p.4 (Remote work and home office)" in user_message.content
    assert "[2] " in user_message.content and "[3] " not in user_message.content
{%- if cookiecutter.framework == "langchain" %}


def test_any_langchain_chat_model_can_answer(pipeline):
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    llm = FakeListChatModel(responses=["Each employee gets 800 euros once [1]."])
    answer = RagPipeline(pipeline.index, pipeline.provider, llm=llm).ask("What is the home office budget?")
    assert answer.text == "Each employee gets 800 euros once." and answer.model == "FakeListChatModel"
    assert answer.citations[0].page == 4
{%- endif %}


def test_ingest_skips_unchanged_files_and_drops_removed_ones(tmp_path):
    docs = tmp_path / "docs"
    (docs / "policies").mkdir(parents=True)
    shutil.copy(sample_folder() / "it-policy.md", docs / "policies" / "it.md")
    (docs / "notes.txt").write_text("The coffee machine is cleaned every Friday.")
    provider = default_provider("fake")
    calls = []
    original = provider.embed
    provider.embed = lambda texts: calls.append(len(texts)) or original(texts)
    rag = RagPipeline(Index(tmp_path / "index", provider))
    first = rag.ingest([docs])
    assert first.added == ["notes.txt", "policies/it.md"] and not first.unchanged
    calls.clear()
    second = RagPipeline(Index(tmp_path / "index", provider)).ingest([docs])
    assert second.unchanged == ["notes.txt", "policies/it.md"] and not second.added and calls == []
    (docs / "notes.txt").write_text("The coffee machine is cleaned every Thursday.")
    (docs / "policies" / "it.md").unlink()
    rag = RagPipeline(Index(tmp_path / "index", provider))
    third = rag.ingest([docs])
    assert (third.updated, third.removed, third.unchanged) == (["notes.txt"], ["policies/it.md"], [])
    assert rag.index.sources() == ["notes.txt"]
    assert "Thursday" in rag.ask("When is the coffee machine cleaned?").text


def test_an_empty_index_says_so(tmp_path):
    with pytest.raises(NothingFound, match="ingest"):
        RagPipeline(Index(tmp_path, FakeProvider())).ask("anything?")
