from __future__ import annotations

import pytest

from {{ cookiecutter.package_name }}.offline import offline_brain
from {{ cookiecutter.package_name }}.providers import FakeProvider, get_provider
from {{ cookiecutter.package_name }}.search import OfflineSearch, SearchError
from {{ cookiecutter.package_name }}.supervisor import Supervisor

TASK = "Research the top 5 AI startups in 2025"
STARTUPS = ("Northwind Labs", "Helio Robotics", "Quanta Health AI", "Lumen Legal", "Verdant Grid")


class FlakySearch(OfflineSearch):
    """The offline search, but every read fails twice with a transient error before it works."""

    def __init__(self):
        super().__init__()
        self.failures: dict[str, int] = {}

    def read(self, url):
        self.failures[url] = self.failures.get(url, 0) + 1
        if self.failures[url] <= 2:
            raise SearchError("connection reset", retryable=True)
        return super().read(url)


def run(max_steps: int = 8, backend=None, provider=None):
    return Supervisor(provider or FakeProvider(brain=offline_brain), backend or OfflineSearch(),
                      max_steps=max_steps, sleep=lambda seconds: None).run(TASK)


def test_the_team_researches_the_task_into_a_report():
    research = run()
    report = research.report
    assert report.title == "Research report: The top 5 AI startups in 2025"
    assert all(name in report.summary for name in STARTUPS)
    read = {d.url for d in research.documents}
    assert len(read) == 5 and "https://example.com/news/ai-startups-to-watch-2025" in read
    assert {s.url for s in report.sources} == read
    assert report.findings and all(set(f.sources) <= read for f in report.findings)
    assert any("according to" in q for q in report.open_questions)  # company claims are not facts


def test_the_supervisor_delegates_search_read_write_in_turn():
    events = run().events
    delegations = [e.text.split(":")[0] for e in events if e.agent == "supervisor"]
    assert delegations == ["delegates to the searcher", "delegates to the reader", "delegates to the writer"]
    agents = [e.agent for e in events]
    assert agents.index("searcher") < agents.index("reader") < agents.index("writer")
    assert any(e.text.startswith("Action: search[the top 5 AI startups in 2025]") for e in events)


def test_a_small_step_budget_still_ends_in_a_report_that_says_so():
    research = run(max_steps=3)
    assert len(research.documents) == 2
    assert research.report.open_questions[0] == (
        "The searcher used its whole budget of 3 steps; more sources may exist.")


def test_transient_tool_errors_are_retried():
    research = run(backend=FlakySearch())
    assert len(research.documents) == 5
    assert any(e.text.endswith("(2 retries)") for e in research.events)


def test_an_unusable_supervisor_reply_is_overruled():
    decisions = iter(["I think we should write the report now.", "Delegate: writer | go"])

    def brain(messages):
        if messages[0].content.startswith("You are the supervisor"):
            return next(decisions, "FINISH")
        return offline_brain(messages)

    research = run(provider=FakeProvider(brain=brain))
    overruled = [e.text for e in research.events if "cannot follow" in e.text]
    assert overruled[0] == ("cannot follow 'I think we should write the report now.' now; "
                            "the searcher goes next")
    assert research.report.findings  # the default order took over and still got there


def test_an_empty_task_is_refused():
    with pytest.raises(ValueError, match="empty"):
        Supervisor(FakeProvider(brain=offline_brain), OfflineSearch()).run("   ")


@pytest.mark.integration
def test_a_real_model_leads_the_team_to_a_report():
    research = Supervisor(get_provider(), OfflineSearch(), max_steps=8).run(TASK)
    assert research.documents and research.report.summary
    read = {d.url for d in research.documents}
    assert all(set(f.sources) <= read for f in research.report.findings)
