"""The offline stand-in model: a LangChain chat model that plays every role of the team by rules.

It is not an LLM and says so (the report carries a notice, `--trace` names it). It lets the real
graph run end to end with no key and no network: it answers each node in the format that node
asks for — a JSON route for the supervisor, tool calls for the searcher, "- fact" lines for the
summariser, the JSON report for the writer — with the same rules as the plain variant's brain
(`offline.py`): keep the sentences that share the most words with the task, cite where they came from.
"""

from __future__ import annotations

import json
import re
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, SystemMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult

from . import offline
from .configuration import READS
from .providers import Message

NAME = "offline stand-in (rules, not an LLM)"
CANNOT = f"The {NAME} only plays the research team's roles; it cannot answer this."


def _as_messages(messages: list[BaseMessage]) -> list[Message]:
    roles = {"system": "system", "human": "user", "ai": "assistant"}
    return [Message(roles.get(m.type, "user"), _content(m)) for m in messages]


def _content(message: BaseMessage) -> str:
    return message.content if isinstance(message.content, str) else str(message.content)


def route(messages: list[BaseMessage]) -> str:
    progress = _content(messages[-1])

    def count(label: str) -> int:
        match = re.search(rf"{label}: (\d+)", progress)
        return int(match.group(1)) if match else 0

    if "report: written" in progress:
        choice = {"next": "FINISH", "instruction": ""}
    elif count("not yet given to the summariser"):
        choice = {"next": "summariser", "instruction": "extract the facts from the new sources"}
    elif count("sources read") == 0 and count("searcher runs") < 2:
        task = offline._task(_as_messages(messages))
        choice = {"next": "searcher", "instruction": f"find sources on {offline.topic(task)}"}
    else:
        choice = {"next": "writer", "instruction": "write the report from the findings"}
    return json.dumps(choice)


def search_turn(messages: list[BaseMessage]) -> AIMessage:
    """The searcher's next move: search the topic, read the results one by one, then stop."""
    task = offline._task(_as_messages(messages))
    subject = offline.topic(task)
    searches = [m for m in messages if isinstance(m, ToolMessage) and m.name == "search"]
    reads = [m for m in messages if isinstance(m, ToolMessage) and m.name == "read"]
    found = [item["url"] for m in searches if isinstance(m.artifact, list) for item in m.artifact]
    tried = {call["args"].get("url") for m in messages if isinstance(m, AIMessage)
             for call in m.tool_calls if call["name"] == "read"}
    done = sum(m.status != "error" for m in reads)
    n = len(searches) + len(reads)

    def call(name: str, **args: str) -> AIMessage:
        return AIMessage(content="", tool_calls=[{"name": name, "args": args, "id": f"offline-{n + 1}"}])

    if not searches:
        return call("search", query=subject)
    if not found and len(searches) < 2:
        return call("search", query=" ".join(subject.split()[-3:]))
    unread = [url for url in dict.fromkeys(found) if url not in tried]
    if unread and done < READS:
        return call("read", url=unread[0])
    return AIMessage(content=f"Read {done} sources on {subject}.")


class OfflineResearchModel(BaseChatModel):
    """Plays the supervisor, searcher, summariser and writer by rules; no network, no key."""

    @property
    def _llm_type(self) -> str:
        return "offline-research-rules"

    def bind_tools(self, tools: Any, **kwargs: Any) -> OfflineResearchModel:
        return self  # it knows the searcher's two tools by name and calls them itself

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager: Any = None,
                  **kwargs: Any) -> ChatResult:
        role = _content(messages[0]) if messages and isinstance(messages[0], SystemMessage) else ""
        if role.startswith("You are the supervisor"):
            reply: AIMessage = AIMessage(content=route(messages))
        elif role.startswith("You are the searcher"):
            reply = search_turn(messages)
        elif role.startswith("You are the summariser"):
            reply = AIMessage(content=offline.read_document(_as_messages(messages)))
        elif role.startswith("You are the writer"):
            reply = AIMessage(content=offline.write_report(_as_messages(messages)))
        else:
            reply = AIMessage(content=CANNOT)
        return ChatResult(generations=[ChatGeneration(message=reply)])
