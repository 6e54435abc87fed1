"""The real LangGraph graph, driven by LangChain's GenericFakeChatModel: scripted replies and tool calls."""

from __future__ import annotations

import json

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, ToolMessage

from {{ cookiecutter.package_name }}.graph import build_graph, research
from {{ cookiecutter.package_name }}.report import BUNDLED_CORPUS, OFFLINE_MODEL
from {{ cookiecutter.package_name }}.search import OfflineSearch

TASK = "Research the top 5 AI startups in 2025"
LIST_URL = "https://example.com/news/ai-startups-to-watch-2025"


class ScriptedModel(GenericFakeChatModel):
    """GenericFakeChatModel that records the prompts it saw; its tool calls need no tool schemas."""

    seen: list = []

    def bind_tools(self, tools, **kwargs):
        return self

    def _generate(self, messages, *args, **kwargs):
        self.seen.append(list(messages))
        return super()._generate(messages, *args, **kwargs)


def route(worker: str, instruction: str = "") -> AIMessage:
    return AIMessage(content=json.dumps({"next": worker, "instruction": instruction}))


def call(name: str, n: int, **args: str) -> AIMessage:
    return AIMessage(content="", tool_calls=[{"name": name, "args": args, "id": f"call-{n}"}])


def report_json(*sources: str, claim: str = "Northwind Labs leads the 2025 list.") -> AIMessage:
    return AIMessage(content=json.dumps({"title": "Top AI startups", "summary": "Five startups stood out.",
                                         "findings": [{"claim": claim, "sources": list(sources)}],
                                         "open_questions": ["Are the revenue numbers audited?"]}))


def happy_path(writer: list[AIMessage] | None = None) -> list[AIMessage]:
    return [route("searcher", "find the 2025 ranking"), call("search", 1, query="top AI startups 2025"),
            call("read", 2, url=LIST_URL), AIMessage(content="Read the ranking."),
            route("summariser"), AIMessage(content="- Northwind Labs leads the 2025 list.\nNot a fact line"),
            route("writer"), *(writer or [report_json(LIST_URL)]), route("FINISH")]


def run(replies: list[AIMessage], **configurable):
    model = ScriptedModel(messages=iter(replies), seen=[])
    graph = build_graph(model, OfflineSearch(), sleep=lambda seconds: None)
    log: list[tuple[str, str]] = []
    state = research(TASK, graph, config={"configurable": configurable},
                     on_log=lambda agent, text: log.append((agent, text)))
    return state, log, model


def test_the_supervisor_delegates_search_summarise_write_and_the_report_cites_what_was_read():
    state, log, model = run(happy_path())
    report = state["report"]
    assert report.title == "Top AI startups"
    assert [f.claim for f in report.findings] == ["Northwind Labs leads the 2025 list."]
    assert [s.url for s in report.sources] == [LIST_URL]  # the team's record, not the model's word
    assert [f.claim for f in state["findings"]] == ["Northwind Labs leads the 2025 list."]  # "- " lines only
    assert report.notice == BUNDLED_CORPUS and OFFLINE_MODEL not in report.notice  # scripted model, offline
    agents = [agent for agent, _ in log]
    assert agents.index("searcher") < agents.index("summariser") < agents.index("writer")
    # the searcher's model saw the search results as a tool message before it chose what to read
    read_turn = model.seen[2]
    assert isinstance(read_turn[-1], ToolMessage) and LIST_URL in read_turn[-1].content


def test_an_impossible_choice_is_overruled_and_the_default_order_takes_over():
    replies = [route("writer"), *happy_path()[1:]]
    state, log, _ = run(replies)
    assert ("supervisor", "cannot follow writer now; the searcher goes next") in log
    assert state["report"].findings


def test_a_report_citing_an_unread_source_is_sent_back_with_the_reason():
    writer = [report_json("https://example.com/made-up"), report_json(LIST_URL)]
    state, log, model = run(happy_path(writer))
    rejected = [text for agent, text in log if text.startswith("reply rejected")]
    assert rejected == ["reply rejected: finding 1 cites https://example.com/made-up, "
                        "which no one on the team read"]
    assert "made-up" in model.seen[-2][-1].content  # the repair prompt quoted the reason
    assert state["report"].findings[0].sources == [LIST_URL]


def test_reading_a_url_no_search_returned_is_an_error_the_model_sees():
    replies = [route("searcher"), call("search", 1, query="helio robotics"),
               call("read", 2, url="https://evil.example/secret"), AIMessage(content="done"),
               route("writer"), AIMessage(content=json.dumps({"title": "t", "summary": "s", "findings": [],
                                                              "open_questions": []})), route("FINISH")]
    state, _, model = run(replies)
    error = model.seen[3][-1]
    assert isinstance(error, ToolMessage) and error.status == "error"
    assert "not among the search results" in error.content
    assert state["report"].sources == [] and "Could not read a source" in state["report"].open_questions[0]


def test_the_step_budget_ends_the_search_and_the_report_says_so():
    replies = [route("searcher"), call("search", 1, query="top AI startups 2025"),
               route("writer"), AIMessage(content=json.dumps({"title": "t", "summary": "s", "findings": [],
                                                              "open_questions": []})), route("FINISH")]
    state, _, _ = run(replies, max_steps=1)
    assert state["report"].open_questions[0].startswith("The searcher used its whole budget of 1 steps")


def test_an_unparseable_writer_reply_twice_keeps_the_findings():
    writer = [AIMessage(content="Here is your report!"), AIMessage(content="{not json")]
    state, log, _ = run(happy_path(writer))
    assert sum(text.startswith("reply rejected") for _, text in log) == 2
    report = state["report"]
    assert report.title.startswith("Research notes:") and report.findings[0].sources == [LIST_URL]


def test_langgraph_json_opens_the_graph_with_the_configured_provider():
    import json as jsonlib
    from pathlib import Path

    from {{ cookiecutter.package_name }}.graph import make_graph

    spec = jsonlib.loads((Path(__file__).parents[1] / "langgraph.json").read_text())
    assert spec["graphs"]["research"].endswith("graph.py:make_graph")
    graph = make_graph()  # LLM_PROVIDER=fake in unit tests: the offline stand-in
    assert {"supervisor", "searcher", "tools", "summariser", "writer"} <= set(graph.get_graph().nodes)
