"""The five bundled roadmaps: each validates and carries its source document's structure."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
import yaml

from conftest import DATA

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = sorted((ROOT / "roadmap").glob("*.yaml"))
COVERAGE = DATA / "seed_coverage"
EXPECTED = {"zero-to-hero", "llm-systems", "llm-engineer", "llm-learning-path", "genai-engineering"}


@functools.lru_cache(maxsize=None)
def load(path: Path) -> dict:
    """A bundled roadmap parsed once per session (the C loader: these files are large)."""
    return yaml.load(path.read_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


TEMPLATE_IDS = {t["id"] for t in yaml.safe_load((ROOT / "project_templates" / "templates.yaml").read_text())["templates"]}


def test_all_five_are_bundled():
    assert {p.stem for p in BUNDLED} == EXPECTED


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_bundled_roadmap_validates(genai, path):
    r = genai("roadmap", "validate", str(path), "--json")
    assert r.code == 0 and r.json()["valid"], r.json()["problems"][:10]
    assert r.json()["roadmap_id"] == path.stem


def questions_of(path: Path) -> list[dict]:
    return [item for phase in load(path)["phases"] for item in phase["items"] if item["kind"] == "question"]


def test_the_five_roadmaps_hold_at_least_300_quiz_questions():
    counts = {path.stem: len(questions_of(path)) for path in BUNDLED}
    assert sum(counts.values()) >= 300, counts
    # every roadmap quizzes every one of its phases that teaches something (not the pure reading lists)
    for path in BUNDLED:
        for phase in load(path)["phases"]:
            kinds = {item["kind"] for item in phase["items"]}
            if kinds & {"topic", "tool", "project"}:
                assert any(item["kind"] == "question" for item in phase["items"]), (path.stem, phase["id"])


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_self_check_questions_cite_their_section_and_link_what_they_test(path):
    cited = [q for q in questions_of(path) if (q.get("notes") or "").startswith("Source: ")]
    assert len(cited) >= 10
    for question in cited:
        assert question["id"].startswith("q-") and len(question["notes"]) > len("Source: ") + 5, question["id"]
        assert len((question.get("answer") or "").strip()) > 30, question["id"]
        assert question.get("checks") or question.get("depends_on"), question["id"]


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_bundled_roadmap_has_every_phase_and_key_term_of_its_document(path):
    data = load(path)
    coverage = yaml.safe_load((COVERAGE / f"{path.stem}.yaml").read_text())
    titles = [phase["title"] for phase in data["phases"]]
    missing = [t for t in coverage["phases"] if t not in titles]
    assert not missing, missing
    text = path.read_text().casefold()
    absent = [term for term in coverage["key_terms"] if term.casefold() not in text]
    assert not absent, absent


def test_every_template_is_reachable_from_a_roadmap():
    used = set()
    for path in BUNDLED:
        for phase in load(path)["phases"]:
            used |= {item["template"] for item in phase["items"] if item.get("template")}
    assert used == TEMPLATE_IDS


def test_zero_to_hero_keeps_the_documents_landmarks():
    data = load(ROOT / "roadmap" / "zero-to-hero.yaml")
    items = [item for phase in data["phases"] for item in phase["items"]]
    questions = [i for i in items if i["kind"] == "question"]
    assert len(questions) >= 11 + 9  # Q1–Q11 and the FAQ
    assert all(len(q["answer"]) > 80 for q in questions)
    projects = [i for i in items if i.get("template")]
    assert len(projects) == 10
    durations = [p.get("duration") for p in data["phases"] if p["title"].startswith("Phase")]
    assert durations[:6] == ["Weeks 1–4", "Weeks 5–10", "Weeks 11–18", "Weeks 19–24", "Weeks 25–36", "Weeks 37–48"]
    hardware = next(q for q in questions if "hardware" in q["title"].casefold())
    assert "RTX 4070" in hardware["answer"] and "RTX 4090" in hardware["answer"]


# --- content promises (issues: resources for every topic, hours for every item, self-checks) ------
def _items(path: Path) -> list[dict]:
    return [item for phase in load(path)["phases"] for item in phase["items"]]


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_nine_in_ten_topics_tools_and_checklists_carry_a_typed_resource(path):
    studied = [i for i in _items(path) if i["kind"] in ("topic", "tool", "checklist")]
    linked = [i for i in studied if any(r.get("url") and r.get("kind") and "free" in r for r in i.get("resources") or [])]
    assert len(linked) >= 0.9 * len(studied), (path.stem, len(linked), len(studied))


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_every_item_has_an_estimate(path):
    missing = [i["id"] for i in _items(path) if i.get("est_hours") is None]
    assert not missing, missing


def test_every_link_says_how_it_was_checked():
    record = (ROOT / "docs" / "resources.md").read_text()
    urls = {r["url"] for path in BUNDLED for i in _items(path) for r in i.get("resources") or [] if r.get("url")}
    unrecorded = sorted(url for url in urls if url not in record)
    assert not unrecorded, unrecorded[:10]


@pytest.mark.parametrize("template", sorted(TEMPLATE_IDS))
def test_a_template_takes_the_same_hours_in_every_roadmap(template):
    hours = {(path.stem, i["id"]): i.get("est_hours") for path in BUNDLED for i in _items(path)
             if i.get("template") == template}
    # the documents that state an effort of their own keep it (docs/resources.md says which)
    stated = {("llm-learning-path",), ("genai-engineering",)}
    agreed = {h for (roadmap, _), h in hours.items() if (roadmap,) not in stated}
    assert len(agreed) <= 1, hours
