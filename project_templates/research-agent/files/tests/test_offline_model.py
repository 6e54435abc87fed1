"""The offline stand-in runs the whole graph and says what it is; it never invents sources."""

from __future__ import annotations

from langchain_core.messages import HumanMessage, SystemMessage

from {{ cookiecutter.package_name }}.graph import build_graph, research
from {{ cookiecutter.package_name }}.offline_model import NAME, OfflineResearchModel
from {{ cookiecutter.package_name }}.report import BUNDLED_CORPUS, OFFLINE_MODEL
from {{ cookiecutter.package_name }}.search import OfflineSearch

STARTUPS = ("Northwind Labs", "Helio Robotics", "Quanta Health AI", "Lumen Legal", "Verdant Grid")


def run(task: str):
    graph = build_graph(OfflineResearchModel(), OfflineSearch(), offline_model=True, sleep=lambda s: None)
    return research(task, graph)["report"]


def test_the_offline_team_researches_the_bundled_corpus_and_labels_the_report():
    report = run("Research the top 5 AI startups in 2025")
    text = " ".join(f.claim for f in report.findings)
    assert all(name in text for name in STARTUPS)
    read = {s.url for s in report.sources}
    assert all(set(f.sources) <= read for f in report.findings)
    assert report.notice == f"{BUNDLED_CORPUS} {OFFLINE_MODEL}"
    assert report.to_markdown().splitlines()[2] == f"> {report.notice}"
    # claims the companies make about themselves become open questions
    assert any("independent source" in q and "Lumen Legal" in q for q in report.open_questions)


def test_a_task_the_corpus_does_not_cover_gets_no_made_up_findings():
    report = run("Research the migration of emperor penguins")
    assert report.findings == []
    assert "No findings" in report.to_markdown()


def test_outside_the_team_roles_it_says_it_cannot_answer():
    reply = OfflineResearchModel().invoke([SystemMessage("You are a poet."), HumanMessage("Write a haiku")])
    assert reply.content == f"The {NAME} only plays the research team's roles; it cannot answer this."
