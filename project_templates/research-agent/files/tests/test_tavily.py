"""Tavily search, tested with a stand-in client. The real API only in the integration test:
LLM_PROVIDER=openai OPENAI_API_KEY=... TAVILY_API_KEY=... python -m pytest -m integration"""

from __future__ import annotations

import os
import sys

import pytest

from {{ cookiecutter.package_name }}.search import SearchError, make_search
from {{ cookiecutter.package_name }}.tavily_search import TavilySearch


class FakeClient:
    def __init__(self, fail: bool = False, pages: dict | None = None):
        self.fail, self.pages = fail, pages or {}

    def search(self, query, max_results):
        if self.fail:
            raise TimeoutError("read timed out")
        return {"results": [{"title": "Agents", "url": "https://a.example/1", "content": "About agents",
                             "score": 0.9}, {"title": "No URL"}][:max_results]}

    def extract(self, urls):
        if self.fail:
            raise ConnectionError("reset")
        return {"results": [{"url": u, "raw_content": self.pages[u]} for u in urls if u in self.pages]}


def test_results_and_pages_are_mapped():
    search = TavilySearch(FakeClient(pages={"https://a.example/1": "Full text"}))
    [result] = search.search("agents", k=5)
    assert (result.title, result.url, result.snippet, result.score) == ("Agents", "https://a.example/1",
                                                                        "About agents", 0.9)
    page = search.read("https://a.example/1")
    assert (page.title, page.text) == ("Agents", "Full text")


def test_an_unreadable_page_falls_back_to_its_snippet():
    search = TavilySearch(FakeClient())
    search.search("agents")
    assert search.read("https://a.example/1").text == "About agents"
    with pytest.raises(SearchError, match="nothing could be read") as error:
        search.read("https://never.seen/")
    assert not error.value.retryable


def test_network_failures_are_retryable():
    search = TavilySearch(FakeClient(fail=True))
    for call in (lambda: search.search("x"), lambda: search.read("https://a.example/1")):
        with pytest.raises(SearchError) as error:
            call()
        assert error.value.retryable


def test_setup_problems_say_what_to_do(monkeypatch):
    monkeypatch.setitem(sys.modules, "tavily", None)  # as if tavily-python were not installed
    with pytest.raises(SearchError, match=r"pip install -e '\.\[tavily\]'"):
        make_search("tavily")
    sdk = type(sys)("tavily")
    sdk.TavilyClient = lambda api_key: None
    monkeypatch.setitem(sys.modules, "tavily", sdk)
    monkeypatch.delenv("TAVILY_API_KEY", raising=False)
    with pytest.raises(SearchError, match="TAVILY_API_KEY is not set"):
        TavilySearch()


@pytest.mark.integration
@pytest.mark.skipif(not os.environ.get("TAVILY_API_KEY"), reason="TAVILY_API_KEY is not set")
def test_the_real_tavily_search():
    pytest.importorskip("tavily")
    results = TavilySearch().search("ReAct prompting paper", k=3)
    assert results and all(r.url.startswith("http") for r in results)
