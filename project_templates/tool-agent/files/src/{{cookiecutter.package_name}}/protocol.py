"""The function-calling protocol between the agent and any chat model, in plain JSON text.

The model replies with one JSON object: `{"tool_calls": [{"id", "name", "arguments"}]}` to call
tools, or `{"answer": "..."}` to answer. The agent replies with a message that starts with
`RESULTS_HEADER` and has one JSON line per call: its id, name, arguments, and `result` or
`error`. (Native tool-calling APIs carry the same information in structured fields.)
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from .providers import Message
from .tools import Call

RESULTS_HEADER = "Tool results:"
FORMAT_REMINDER = 'Reply with one JSON object: {"tool_calls": [...]} or {"answer": "..."}.'
FINAL_REQUEST = "Do not call tools any more: answer the user now with what you have, and say what failed."
_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.S)


class ProtocolError(ValueError):
    """The model's reply is neither a valid tool call nor an answer."""


@dataclass
class Decision:
    answer: str | None = None
    calls: list[Call] = field(default_factory=list)


def parse_reply(reply: str) -> Decision:
    """The answer or the tool calls in a model's reply; plain text counts as an answer."""
    fenced = _FENCE.search(reply)
    text = (fenced.group(1) if fenced else reply).strip()
    if not text.startswith("{") and '"tool_calls"' not in text:
        if not text:
            raise ProtocolError("your reply was empty")
        return Decision(answer=text)
    try:
        data, _ = json.JSONDecoder().raw_decode(text[text.index("{"):])
    except ValueError as exc:
        raise ProtocolError(f"your reply is not valid JSON ({exc})") from None
    if isinstance(data, dict) and isinstance(data.get("answer"), str) and "tool_calls" not in data:
        return Decision(answer=data["answer"])
    raw = data.get("tool_calls") if isinstance(data, dict) else None
    if not isinstance(raw, list) or not raw:
        raise ProtocolError('the JSON object needs a non-empty "tool_calls" list or an "answer" string')
    calls = []
    for number, item in enumerate(raw, 1):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise ProtocolError(f'tool call {number} needs a "name"')
        arguments = item.get("arguments", {})
        if isinstance(arguments, str):  # OpenAI sends arguments as a JSON string
            try:
                arguments = json.loads(arguments or "{}")
            except ValueError:
                raise ProtocolError(f"the arguments of tool call {number} are not valid JSON") from None
        calls.append(Call(item["name"], arguments, str(item.get("id") or number)))
    return Decision(calls=calls)


def format_results(calls: list[Call]) -> str:
    lines = [json.dumps(call.report(), ensure_ascii=False, default=str) for call in calls]
    return "\n".join([RESULTS_HEADER, *lines])


def read_results(messages: list[Message]) -> list[dict]:
    """Every call report the conversation has shown the model so far, oldest first."""
    reports = []
    for message in messages:
        if message.role == "user" and message.content.startswith(RESULTS_HEADER):
            reports += [json.loads(line) for line in message.content.splitlines() if line.startswith("{")]
    return reports
