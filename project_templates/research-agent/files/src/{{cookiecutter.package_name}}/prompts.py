"""The system prompts of the supervisor and its sub-agents, and the prompts built from the state."""

from __future__ import annotations

from .search import Document

SUPERVISOR = """You are the supervisor of a research team. You do not research yourself: each turn you
choose the worker who acts next.
Workers:
- searcher: searches and reads sources; tell it what to look for
- summariser: turns the sources read so far into findings
- writer: writes the final report from the findings
Choose FINISH once the report is written.
{format_instructions}"""

SEARCHER = """You are the searcher of a research team. Find and read the sources that answer the task:
call `search`, then `read` the most relevant results (at most {reads}), and search again with other words
when the results miss part of the task. When you have read enough, reply without a tool call with a
one-line note of what you read."""

SUMMARISER = """You are the summariser of a research team. From the document, pick out the facts that help
with the task: at most {limit}, one per line, each line starting with "- ". Keep names, numbers and dates
exact, and make every fact understandable on its own. If nothing in the document helps, reply NONE."""

WRITER = """You are the writer of a research team. Write the report for the task from the findings given,
and nothing else: a title, a summary of two to four sentences, the findings (each citing only the URLs
given with the findings) and the open questions (what the sources leave open, contradict, or only claim
without proof).
{format_instructions}"""

REPAIR = "That report is not valid: {error}. Reply with the corrected JSON object only."


def progress(task: str, *, searcher_runs: int, sources: int, unread: int, findings: int, report: bool) -> str:
    return "\n".join([
        f"Task: {task}", "", "Progress:",
        f"- searcher runs: {searcher_runs}",
        f"- sources read: {sources}, of which not yet given to the summariser: {unread}",
        f"- findings: {findings}",
        f"- report: {'written' if report else 'not written'}",
    ])


def document(task: str, doc: Document, limit: int) -> str:
    header = f'<document url="{doc.url}" title="{doc.title}">'
    return f"Task: {task}\n\n{header}\n{doc.text[:limit]}\n</document>"
