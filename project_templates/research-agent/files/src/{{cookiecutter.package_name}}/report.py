"""The structured report: a pydantic model the writer's JSON must fit, rendered as Markdown or JSON.

`parse_report` is the structured-output check: the reply must hold one JSON object that
validates against `Report`, and every finding must cite at least one source that the team
actually read — a citation to anything else is rejected, not trusted.
"""

from __future__ import annotations

import json
import re

from pydantic import BaseModel, Field, ValidationError


class Source(BaseModel):
    url: str
    title: str = ""
    published: str = ""


class Finding(BaseModel):
    claim: str = Field(min_length=1)
    sources: list[str] = Field(min_length=1, description="URLs of the sources that support the claim")


class Report(BaseModel):
    title: str = Field(min_length=1)
    summary: str
    findings: list[Finding] = Field(default_factory=list)
    open_questions: list[str] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list, description="every source read; set by the team")
    notice: str = Field(default="", description="how the report was made when that is not the real thing "
                                                "(offline corpus, offline stand-in model); set by the team")

    def to_json(self) -> str:
        return self.model_dump_json(indent=2)

    def to_markdown(self) -> str:
        numbers = {source.url: n for n, source in enumerate(self.sources, 1)}
        lines = [f"# {self.title}", ""]
        if self.notice:
            lines += [f"> {self.notice}", ""]
        lines += [self.summary.strip(), "", "## Findings", ""]
        for n, finding in enumerate(self.findings, 1):
            cites = "".join(f"[{numbers[url]}]" if url in numbers else f"[{url}]" for url in finding.sources)
            lines.append(f"{n}. {finding.claim.strip()} {cites}")
        if not self.findings:
            lines.append("No findings: the sources read did not answer the task.")
        if self.open_questions:
            lines += ["", "## Open questions", ""] + [f"- {question}" for question in self.open_questions]
        if self.sources:
            lines += ["", "## Sources", ""]
            lines += [f"{n}. [{s.title or s.url}]({s.url})" + (f" — {s.published}" if s.published else "")
                      for n, s in enumerate(self.sources, 1)]
        return "\n".join(lines) + "\n"


BUNDLED_CORPUS = ("Built offline from the bundled demo corpus (news items about fictional companies), "
                  "not from the web.")
LOCAL_CORPUS = "Built offline from the local corpus {corpus}, not from the web."
OFFLINE_MODEL = ("Written by the offline stand-in model (rules that extract sentences, not an LLM): "
                 "it does not reason or check facts.")


def offline_notice(*, backend: str, corpus: str | None, offline_model: bool) -> str:
    """What a reader must know about a report that was not made with web search and a real model."""
    parts = []
    if backend == "offline":
        parts.append(LOCAL_CORPUS.format(corpus=corpus) if corpus else BUNDLED_CORPUS)
    if offline_model:
        parts.append(OFFLINE_MODEL)
    return " ".join(parts)


class ReportDraft(BaseModel):
    """What the writer returns; the team adds the sources it read and any offline notice."""

    title: str = Field(min_length=1)
    summary: str
    findings: list[Finding] = Field(default_factory=list)
    open_questions: list[str] = Field(default_factory=list)


class ReportError(ValueError):
    """The writer's reply is not a valid report."""


def parse_report(reply: str, known_urls: set[str]) -> Report:
    text = re.sub(r"^```(?:json)?\s*|\s*```$", "", reply.strip())
    start, end = text.find("{"), text.rfind("}")
    if start == -1 or end < start:
        raise ReportError("the reply holds no JSON object")
    try:
        report = Report.model_validate(json.loads(text[start:end + 1]))
    except json.JSONDecodeError as exc:
        raise ReportError(f"the JSON does not parse: {exc}") from None
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ReportError(f"the JSON does not fit the report: {problems}") from None
    return check_citations(report, known_urls)


def check_citations(report: Report, known_urls: set[str]) -> Report:
    """The report, if every finding cites only sources the team read; else ReportError."""
    for n, finding in enumerate(report.findings, 1):
        unknown = [url for url in finding.sources if url not in known_urls]
        if unknown:
            raise ReportError(f"finding {n} cites {', '.join(unknown)}, which no one on the team read")
    return report


def merge_findings(findings: list[Finding]) -> list[Finding]:
    """One finding per claim, with the sources of every copy of it."""
    merged: dict[str, Finding] = {}
    for finding in findings:
        key = " ".join(finding.claim.lower().split())
        if key in merged:
            merged[key].sources += [url for url in finding.sources if url not in merged[key].sources]
        else:
            merged[key] = finding.model_copy(deep=True)
    return list(merged.values())


def findings_brief(task: str, findings: list[Finding], notes: list[str]) -> str:
    """What the writer is given: the task, the numbered findings with their sources, the team's notes."""
    lines = [f"Task: {task}", "", "Findings:"]
    for n, finding in enumerate(findings, 1):
        lines += [f"[{n}] {finding.claim}", f"    sources: {', '.join(finding.sources)}"]
    if not findings:
        lines.append("(none)")
    if notes:
        lines += ["", "Notes from the team:"] + [f"- {note}" for note in notes]
    return "\n".join(lines)
