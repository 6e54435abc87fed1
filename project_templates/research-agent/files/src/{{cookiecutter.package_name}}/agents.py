"""The sub-agents the supervisor delegates to.

- `Searcher`: a ReAct agent with the `search` and `read` tools; what it reads becomes a source.
- `Reader` (the summarizer): one call per source, returning the facts that bear on the task.
- `Writer`: turns the findings into the structured `Report` (JSON checked against the pydantic
  model and against the sources actually read); a rejected reply is sent back once with the
  reason, and if that fails too the findings are kept in a plain report rather than lost.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from .providers import Message, Provider, system, user
from .react import MAX_STEPS, ReActAgent, ReActResult, Step
from .report import Finding, Report, ReportError, Source, findings_brief, merge_findings, parse_report
from .search import Document
from .tools import ResearchTools

READS = 5
FACTS_PER_SOURCE = 3
DOCUMENT_CHARS = 4000
SEARCHER_ROLE = """You are the searcher of a research team. Find and read the sources that answer the task:
search, read the most relevant results (at most {reads}), and search again with other words when the
results miss part of the task. When you have read enough, give as Final Answer a one-line note of
what you read."""
READER_ROLE = """You are the reader of a research team. From the document, pick out the facts that help
with the task: at most {limit}, one per line, each line starting with "- ". Keep names, numbers and
dates exact, and make every fact understandable on its own. If nothing in the document helps, reply
NONE."""
WRITER_ROLE = """You are the writer of a research team. Write the report for the task from the findings
given, and nothing else. Reply with one JSON object with the keys "title", "summary" (two to four
sentences), "findings" (a list of {"claim": ..., "sources": [URLs]}, citing only the URLs given with
the findings) and "open_questions" (a list: what the sources leave open, contradict, or only claim
without proof)."""
REPAIR = "That report is not valid: {error}. Reply with the corrected JSON object only."


class Searcher:
    def __init__(self, provider: Provider, tools: ResearchTools, *, max_steps: int = MAX_STEPS,
                 reads: int = READS, sleep: Callable[[float], None] = time.sleep,
                 on_step: Callable[[Step], None] | None = None):
        role = SEARCHER_ROLE.format(reads=reads)
        self.agent = ReActAgent(provider, tools.tools(), role, max_steps=max_steps, sleep=sleep,
                                on_step=on_step)

    def run(self, instruction: str) -> ReActResult:
        return self.agent.run(instruction)


class Reader:
    def __init__(self, provider: Provider, limit: int = FACTS_PER_SOURCE):
        self.provider = provider
        self.limit = limit

    def run(self, task: str, document: Document) -> list[Finding]:
        text = document.text[:DOCUMENT_CHARS]
        prompt = (f"Task: {task}\n\n<document url=\"{document.url}\" title=\"{document.title}\">\n{text}\n"
                  "</document>")
        reply = self.provider.complete([system(READER_ROLE.format(limit=self.limit)), user(prompt)])
        claims = [line.strip()[2:].strip() for line in reply.splitlines() if line.strip()[:2] in ("- ", "* ")]
        return [Finding(claim=claim, sources=[document.url]) for claim in claims if claim][:self.limit]


class Writer:
    def __init__(self, provider: Provider, repairs: int = 1):
        self.provider = provider
        self.repairs = repairs
        self.problems: list[str] = []  # why replies were rejected, for the trace

    def run(self, task: str, findings: list[Finding], documents: list[Document], notes: list[str]) -> Report:
        findings = merge_findings(findings)
        messages = [system(WRITER_ROLE), user(findings_brief(task, findings, notes))]
        known = {d.url for d in documents}
        report = None
        for _ in range(self.repairs + 1):
            reply = self.provider.complete(messages)
            try:
                report = parse_report(reply, known)
                break
            except ReportError as exc:
                self.problems.append(str(exc))
                messages += [Message("assistant", reply), user(REPAIR.format(error=exc))]
        if report is None:
            report = Report(title=f"Research notes: {task}", findings=findings, open_questions=notes,
                            summary="The writer's report did not validate, so these are the findings as the "
                                    "reader extracted them.")
        report.sources = [Source(url=d.url, title=d.title, published=d.published) for d in documents]
        return report
