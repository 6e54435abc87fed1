"""The offline stand-in for AutoGen: a ChatCompletionClient that plays the team's roles by rules.

It is not an LLM and says so (the report carries a notice). It builds on AutoGen's own test double,
`ReplayChatCompletionClient`, but decides each reply from the messages instead of a fixed script:
the selector picks the first sensible worker, the searcher calls `search` then `read` on each
result, the summariser keeps the sentences that share the most words with the task (offline.py's
rules), the writer turns those facts into the JSON report.
"""

from __future__ import annotations

import json
import re
from typing import Any

from autogen_core import FunctionCall
from autogen_core.models import (
    AssistantMessage,
    CreateResult,
    FunctionExecutionResultMessage,
    RequestUsage,
    SystemMessage,
)
from autogen_ext.models.replay import ReplayChatCompletionClient

from . import offline
from .configuration import READS
from .providers import Message

NAME = "offline stand-in (rules, not an LLM)"
# what AutoGen asks of a client before it hands it tools
MODEL_INFO = {"vision": False, "function_calling": True, "json_output": True, "family": "unknown",
              "structured_output": False}
RESULT = re.compile(r"^\[\d+\] .* — (\S+)$", re.M)
DOCUMENT = re.compile(r'<document url="([^"]+)" title="[^"]*">\n(.*?)\n</document>', re.S)
ORDER = ("summariser", "searcher", "writer")


def _text(message: Any) -> str:
    content = getattr(message, "content", "")
    return content if isinstance(content, str) else ""


def _task(messages: list[Any]) -> str:
    for message in messages:
        match = re.search(r"^Task:\s*(.+)$", _text(message), re.M)
        if match:
            return match.group(1).strip()
    return ""


def select(prompt: str) -> str:
    match = re.search(r"choose who acts next from \[(.*?)\]", prompt)
    offered = re.findall(r"'([^']+)'", match.group(1)) if match else []
    return next((name for name in ORDER if name in offered), offered[0] if offered else "writer")


def search_turn(messages: list[Any], n: int) -> CreateResult | str:
    subject = offline.topic(_task(messages))
    calls = [call for m in messages if isinstance(m, AssistantMessage) and isinstance(m.content, list)
             for call in m.content]
    results = [r for m in messages if isinstance(m, FunctionExecutionResultMessage) for r in m.content]
    searches = [c for c in calls if c.name == "search"]
    tried = {json.loads(c.arguments).get("url") for c in calls if c.name == "read"}
    found = [url for r in results for url in RESULT.findall(r.content)]
    done = sum(1 for r in results
               if r.name == "read" and not r.is_error and not r.content.startswith("Error:"))

    def call(name: str, **args: str) -> CreateResult:
        return _call(name, n, **args)

    if not searches:
        return call("search", query=subject)
    if not found and len(searches) < 2:
        return call("search", query=" ".join(subject.split()[-3:]))
    unread = [url for url in dict.fromkeys(found) if url not in tried]
    if unread and done < READS:
        return call("read", url=unread[0])
    return f"Read {done} sources on {subject}."


def _call(name: str, n: int, **args: str) -> CreateResult:
    usage = RequestUsage(prompt_tokens=0, completion_tokens=0)
    return CreateResult(finish_reason="function_calls", usage=usage, cached=False,
                        content=[FunctionCall(id=f"offline-{n}", name=name, arguments=json.dumps(args))])


def summarise(messages: list[Any], n: int) -> CreateResult | str:
    """First ask for the new sources (the `new_sources` tool), then pick the facts out of them."""
    last = messages[-1] if messages else None
    if not isinstance(last, FunctionExecutionResultMessage):
        return _call("new_sources", n)
    task = _task(messages)
    lines = []
    for result in last.content:
        for url, text in DOCUMENT.findall(result.content):
            prompt = f'Task: {task}\n\n<document url="{url}">\n{text}\n</document>'
            facts = offline.read_document([Message("user", prompt)])
            lines += [f"{line} [source: {url}]" for line in facts.splitlines() if line.startswith("- ")]
    return "\n".join(lines) or "NONE"


def write(messages: list[Any]) -> str:
    task = _task(messages)
    facts = [(claim, url) for m in messages if getattr(m, "source", "") == "summariser"
             for claim, url in re.findall(r"^- (.+?) \[source: (\S+?)\]$", _text(m), re.M)]
    lines = [f"Task: {task}", "", "Findings:"]
    for n, (claim, url) in enumerate(facts, 1):
        lines += [f"[{n}] {claim}", f"    sources: {url}"]
    return offline.write_report([Message("user", "\n".join(lines))])


class OfflineChatCompletionClient(ReplayChatCompletionClient):
    """Decides each reply by rules, then lets the replay client return it with its usual bookkeeping."""

    def __init__(self) -> None:
        super().__init__([], model_info=MODEL_INFO)

    async def create(self, messages: Any, **kwargs: Any) -> CreateResult:
        system = _text(messages[0]) if messages and isinstance(messages[0], SystemMessage) else ""
        first = _text(messages[0]) if messages else ""  # the selector's prompt is a system or user message
        if "choose who acts next" in first:
            reply: CreateResult | str = select(first)
        elif system.startswith("You are the searcher"):
            reply = search_turn(messages, len(self.chat_completions) + 1)
        elif system.startswith("You are the summariser"):
            reply = summarise(messages, len(self.chat_completions) + 1)
        elif system.startswith("You are the writer"):
            reply = write(messages)
        else:
            reply = f"The {NAME} only plays the research team's roles; it cannot answer this."
        self.chat_completions.append(reply)
        kwargs.pop("tool_choice", None)  # the rules decide; the replay client would only warn about it
        return await super().create(messages, **kwargs)

    def _tokenize(self, messages: Any) -> tuple[list[str], int]:
        """Word counts for the usage figures, of text and tool calls alike (the replay client warns on the
        latter)."""
        items = messages if isinstance(messages, (list, tuple)) else [messages]
        words = [w for m in items for w in str(getattr(m, "content", m)).split()]
        return words, len(words)
