from __future__ import annotations

from langchain_core.messages import AIMessage
from langgraph.graph import START, MessagesState, StateGraph
from langgraph.prebuilt import ToolNode

from {{ cookiecutter.package_name }}.search import OfflineSearch, SearchError
from {{ cookiecutter.package_name }}.toolkit import found_urls, make_tools, read_documents


class FlakySearch(OfflineSearch):
    """Every read fails twice with a transient error before it works."""

    def __init__(self):
        super().__init__()
        self.calls = 0

    def read(self, url):
        self.calls += 1
        if self.calls <= 2:
            raise SearchError("connection reset", retryable=True)
        return super().read(url)


def run_tools(backend, *calls, history=()):
    """The tools' ToolNode in a one-node graph, as the research graph runs it; the new tool messages."""
    builder = StateGraph(MessagesState)
    tools = make_tools(backend, sleep=lambda seconds: None)
    builder.add_node("tools", ToolNode(tools, handle_tool_errors=True))
    builder.add_edge(START, "tools")
    message = AIMessage(content="", tool_calls=[{"name": n, "args": a, "id": f"c{i}"} for i, (n, a) in
                                                enumerate(calls)])
    messages = builder.compile().invoke({"messages": [*history, message]})["messages"]
    return messages[len(history) + 1:]


def test_search_returns_text_for_the_model_and_the_results_as_artifact():
    [result] = run_tools(OfflineSearch(), ("search", {"query": "warehouse robots"}))
    assert result.content.startswith("[1] Helio Robotics")
    assert found_urls([result])[0] == "https://example.com/news/helio-robotics-series-b"


def test_read_opens_only_urls_a_search_returned_and_retries_transient_errors():
    backend = FlakySearch()
    searched = run_tools(backend, ("search", {"query": "warehouse robots"}))
    asked = AIMessage(content="", tool_calls=[{"name": "search", "args": {"query": "x"}, "id": "c0"}])
    history = [asked, *searched]
    url = found_urls(searched)[0]
    [read] = run_tools(backend, ("read", {"url": url}), history=history)
    assert backend.calls == 3 and read.status != "error"
    assert list(read_documents([read])) == [url]
    [refused] = run_tools(backend, ("read", {"url": "file:///etc/passwd"}), history=history)
    assert refused.status == "error" and "not among the search results" in refused.content
    assert read_documents([refused]) == {}


def test_the_search_tool_tells_the_model_it_searches_offline():
    search = make_tools(OfflineSearch())[0]
    assert "offline search of the bundled demo corpus" in search.description
    assert "not the web" in search.description


def test_an_empty_search_says_so():
    [result] = run_tools(OfflineSearch(), ("search", {"query": "zzzz qqqq"}))
    assert result.content == "No results for 'zzzz qqqq'. Try other words."
