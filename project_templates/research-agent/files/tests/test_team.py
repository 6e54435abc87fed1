"""The AutoGen team, driven by AutoGen's ReplayChatCompletionClient (scripted) and the offline stand-in."""

from __future__ import annotations

import json

from autogen_core import FunctionCall
from autogen_core.models import CreateResult, RequestUsage
from autogen_ext.models.replay import ReplayChatCompletionClient

from {{ cookiecutter.package_name }}.offline_client import MODEL_INFO, OfflineChatCompletionClient
from {{ cookiecutter.package_name }}.report import BUNDLED_CORPUS, OFFLINE_MODEL
from {{ cookiecutter.package_name }}.search import OfflineSearch
from {{ cookiecutter.package_name }}.team import research

TASK = "Research the top 5 AI startups in 2025"
LIST_URL = "https://example.com/news/ai-startups-to-watch-2025"
STARTUPS = ("Northwind Labs", "Helio Robotics", "Quanta Health AI", "Lumen Legal", "Verdant Grid")


def call(name: str, n: int, **args: str) -> CreateResult:
    usage = RequestUsage(prompt_tokens=0, completion_tokens=0)
    return CreateResult(finish_reason="function_calls", usage=usage, cached=False,
                        content=[FunctionCall(id=f"call-{n}", name=name, arguments=json.dumps(args))])


def report_json(*urls: str) -> str:
    return json.dumps({"title": "Top AI startups", "summary": "Five startups stood out.",
                       "findings": [{"claim": "Northwind Labs leads the list.", "sources": list(urls)}],
                       "open_questions": []})


def scripted(writer: str) -> ReplayChatCompletionClient:
    # searcher: search, read, stop · summariser: new_sources, one fact · selector: writer · writer
    return ReplayChatCompletionClient(model_info=MODEL_INFO, chat_completions=[
        call("search", 1, query="top AI startups 2025"), call("read", 2, url=LIST_URL), "Read the ranking.",
        call("new_sources", 3), f"- Northwind Labs leads the list. [source: {LIST_URL}]", "writer", writer])


def test_the_selector_group_chat_searches_summarises_and_writes():
    client = scripted(report_json(LIST_URL))
    report, messages = research(TASK, client, OfflineSearch(), sleep=lambda s: None)
    assert [getattr(m, "source", "") for m in messages if type(m).__name__ in ("TextMessage",
                                                                               "ToolCallSummaryMessage")] \
        == ["user", "searcher", "summariser", "writer"]
    assert report.title == "Top AI startups" and [s.url for s in report.sources] == [LIST_URL]
    assert report.notice == BUNDLED_CORPUS
    # the selector was asked once, when both the searcher and the writer were possible
    selector_prompts = [c["messages"][0].content for c in client.create_calls
                        if "choose who acts next" in str(c["messages"][0].content)]
    assert len(selector_prompts) == 1 and "['searcher', 'writer']" in selector_prompts[0]


def test_a_report_citing_an_unread_source_falls_back_to_the_facts_and_says_so():
    report, _ = research(TASK, scripted(report_json("https://example.com/made-up")), OfflineSearch(),
                         sleep=lambda s: None)
    assert report.title.startswith("Research notes:")
    assert [f.sources for f in report.findings] == [[LIST_URL]]
    assert "did not validate" in report.open_questions[0] and "made-up" in report.open_questions[0]


def test_the_offline_stand_in_runs_the_team_and_labels_the_report():
    report, _ = research(TASK, OfflineChatCompletionClient(), OfflineSearch(), offline_model=True,
                         sleep=lambda s: None)
    text = " ".join(f.claim for f in report.findings)
    assert all(name in text for name in STARTUPS)
    assert all(set(f.sources) <= {s.url for s in report.sources} for f in report.findings)
    assert report.notice == f"{BUNDLED_CORPUS} {OFFLINE_MODEL}"


def test_a_task_the_corpus_does_not_cover_gets_no_made_up_findings():
    report, _ = research("Research the migration of emperor penguins", OfflineChatCompletionClient(),
                         OfflineSearch(), offline_model=True, sleep=lambda s: None)
    assert report.findings == []
