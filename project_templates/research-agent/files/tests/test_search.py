from __future__ import annotations

import pytest

from {{ cookiecutter.package_name }}.search import (
    OfflineSearch,
    SearchError,
    load_corpus,
    make_search,
    parse_document,
)


def test_the_bundled_corpus_loads_with_its_front_matter():
    corpus = load_corpus()
    assert len(corpus) >= 8
    assert all(d.url.startswith("https://example.com/") and d.title and d.published for d in corpus)
    assert not any(d.text.startswith("---") for d in corpus)


def test_documents_without_front_matter_get_a_title_and_url():
    document = parse_document("# Notes on agents\nReAct loops act.", "file:///notes.md")
    assert (document.title, document.url, document.published) == ("Notes on agents", "file:///notes.md", "")


def test_bm25_ranks_the_relevant_documents_first():
    search = OfflineSearch()
    results = search.search("warehouse robots safety incident", k=3)
    assert results[0].url == "https://example.com/news/helio-robotics-pause"
    assert "robot" in results[0].snippet.lower()
    assert [r.score for r in results] == sorted((r.score for r in results), reverse=True)
    top = search.search("top 5 AI startups 2025", k=5)
    assert top[0].title == "The AI startups to watch in 2025" and len(top) == 5
    assert search.search("zebra mango", k=5) == []


def test_reading_and_bad_input():
    search = OfflineSearch()
    assert "Lisbon" in search.read("https://example.com/news/northwind-labs-series-c").text
    with pytest.raises(SearchError, match="no document at") as error:
        search.read("https://example.com/made-up")
    assert not error.value.retryable
    with pytest.raises(SearchError, match="empty"):
        search.search("  ")


def test_your_own_corpus_and_unknown_backends(tmp_path):
    (tmp_path / "a.md").write_text("---\ntitle: Agents\nurl: https://my.site/a\n---\nAgents plan and act.\n")
    search = make_search("offline", tmp_path)
    assert [r.url for r in search.search("agents")] == ["https://my.site/a"]
    (tmp_path / "empty").mkdir()
    with pytest.raises(SearchError, match="no Markdown documents"):
        load_corpus(tmp_path / "empty")
    with pytest.raises(SearchError, match="no such corpus folder"):
        make_search("offline", tmp_path / "missing")
    with pytest.raises(SearchError, match="unknown search backend 'bing'"):
        make_search("bing")
