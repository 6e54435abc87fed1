from __future__ import annotations

import json

from {{ cookiecutter.package_name }}.agents import Reader, Writer, merge_findings
from {{ cookiecutter.package_name }}.offline import offline_brain
from {{ cookiecutter.package_name }}.providers import FakeProvider
from {{ cookiecutter.package_name }}.report import Finding
from {{ cookiecutter.package_name }}.search import Document

TEXT = "Acme, an AI startup, raised $5 million in 2025. The office has plants."
DOC = Document("https://example.com/a", "A", TEXT, "2025-01-02")
TASK = "Research AI startup funding in 2025"


def test_the_reader_keeps_the_facts_that_bear_on_the_task():
    findings = Reader(FakeProvider(brain=offline_brain)).run(TASK, DOC)
    assert [f.claim for f in findings] == ["Acme, an AI startup, raised $5 million in 2025."]
    assert findings[0].sources == [DOC.url]
    scripted = FakeProvider(replies=["Facts:\n- one\n* two\n- three\n- four"])
    assert [f.claim for f in Reader(scripted, limit=3).run(TASK, DOC)] == ["one", "two", "three"]
    assert Reader(FakeProvider(replies=["NONE"])).run(TASK, DOC) == []


def test_identical_claims_are_merged_with_all_their_sources():
    merged = merge_findings([Finding(claim="X rose.", sources=["u1"]),
                             Finding(claim="x  rose.", sources=["u2"]),
                             Finding(claim="Y fell.", sources=["u1"])])
    assert [(f.claim, f.sources) for f in merged] == [("X rose.", ["u1", "u2"]), ("Y fell.", ["u1"])]


def test_the_writer_gets_one_chance_to_fix_its_report():
    good = json.dumps({"title": "T", "summary": "S", "findings": [{"claim": "c", "sources": [DOC.url]}],
                       "open_questions": []})
    fake = FakeProvider(replies=['{"title": "T"}', good])
    writer = Writer(fake)
    report = writer.run(TASK, [Finding(claim="c", sources=[DOC.url])], [DOC], [])
    source = report.sources[0]
    assert report.title == "T" and (source.title, source.published) == ("A", "2025-01-02")
    assert len(writer.problems) == 1 and "not valid" in fake.calls[1][-1].content


def test_a_writer_that_keeps_failing_still_leaves_the_findings():
    finding = Finding(claim="c", sources=[DOC.url])
    report = Writer(FakeProvider(replies=["nope", "still nope"])).run(TASK, [finding], [DOC], ["a gap"])
    assert report.title == f"Research notes: {TASK}"
    assert report.findings == [finding] and report.open_questions == ["a gap"]
