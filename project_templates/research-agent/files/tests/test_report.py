from __future__ import annotations

import json

import pytest

from {{ cookiecutter.package_name }}.report import Finding, Report, ReportError, Source, parse_report

URL = "https://example.com/a"


def reply(**changes) -> str:
    data = {"title": "T", "summary": "S.", "findings": [{"claim": "C.", "sources": [URL]}],
            "open_questions": ["Q?"]}
    return json.dumps({**data, **changes})


def test_a_valid_reply_parses_even_inside_a_code_fence():
    report = parse_report(f"Here it is:\n```json\n{reply()}\n```", {URL})
    assert report.title == "T" and report.findings[0].sources == [URL] and report.open_questions == ["Q?"]


@pytest.mark.parametrize("text,problem", [
    ("No JSON here", "no JSON object"),
    ("{not json}", "does not parse"),
    (reply(findings=[{"claim": "C.", "sources": []}]), "findings.0.sources"),
    (reply(title=""), "title"),
    (reply(findings=[{"claim": "C.", "sources": ["https://invented.example/x"]}]), "no one on the team read"),
])
def test_invalid_replies_say_what_is_wrong(text, problem):
    with pytest.raises(ReportError, match=problem):
        parse_report(text, {URL})


def test_markdown_numbers_the_sources_and_cites_them():
    report = Report(title="AI startups", summary="Five stood out.",
                    findings=[Finding(claim="A raised $4M.", sources=[URL, "https://example.com/b"])],
                    open_questions=["Is it true?"],
                    sources=[Source(url="https://example.com/b", title="B", published="2025-01-01"),
                             Source(url=URL, title="A")])
    markdown = report.to_markdown()
    assert markdown.startswith("# AI startups\n\nFive stood out.\n")
    assert "1. A raised $4M. [2][1]" in markdown and "- Is it true?" in markdown
    assert "1. [B](https://example.com/b) — 2025-01-01\n2. [A](https://example.com/a)" in markdown
    assert Report.model_validate_json(report.to_json()) == report
    assert "No findings" in Report(title="x", summary="").to_markdown()
