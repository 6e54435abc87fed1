"""The agent loop: the model picks tools, the agent validates and runs them, errors go back.

The system prompt lists each tool's JSON Schema and the protocol (`protocol.py`): the model
replies with `{"tool_calls": [...]}` or `{"answer": "..."}`. A reply that is not valid JSON, a
call with invalid arguments and a failing tool are all shown to the model so it can correct
itself. After `max_retries` failed retries in a row, or `max_steps` turns, the agent stops
running tools and asks the model for a final answer that says what failed (LangChain calls this
early stopping by "generate"). Every turn, call, result and error lands in the transcript.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from string import Template
from typing import Any

from .offline import offline_brain
from .protocol import (
    FINAL_REQUEST,
    FORMAT_REMINDER,
    RESULTS_HEADER,
    ProtocolError,
    format_results,
    parse_reply,
)
from .providers import Message, Provider, get_provider, system, user
from .tools import Call, Toolbox
from .toolset import default_toolbox

MAX_RETRIES = {{ cookiecutter.max_retries }}
MAX_STEPS = 6
SYSTEM_PROMPT = Template("""You are an assistant that answers with the help of tools. Do not guess facts or
do arithmetic in your head: call a tool, then answer from its result.

The tools, with the JSON Schema of their arguments:
$tools

Reply with exactly one JSON object and nothing else:
- to call tools: {"tool_calls": [{"id": "1", "name": "<tool name>", "arguments": {...}}]}
  (several calls in one reply are run in order);
- to answer the user: {"answer": "<your answer>"}.
Tool results and errors come back as JSON lines after "$header". When a call fails, read the
error and fix the call, or explain the problem in your answer.""")


@dataclass
class Run:
    """One question's run: the answer, every tool call, and the transcript of events."""

    question: str
    answer: str = ""
    ok: bool = False
    calls: list[Call] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)

    def log(self, step: int, event: str, **details: Any) -> None:
        self.events.append({"step": step, "event": event, **details})

    def finish(self, step: int, answer: str, ok: bool) -> Run:
        self.answer, self.ok = answer, ok
        self.log(step, "answer" if ok else "gave_up", answer=answer)
        return self

    def transcript_jsonl(self) -> str:
        header = {"event": "question", "question": self.question}
        events = [header, *self.events]
        return "".join(json.dumps(e, ensure_ascii=False, default=str) + "\n" for e in events)

    def render(self) -> str:
        """The transcript for people: what the model said, each call and its outcome."""
        lines = [f"question: {self.question}"]
        for event in self.events:
            prefix = f"[{event['step']}] "
            if event["event"] == "model":
                lines.append(f"{prefix}model: {event['reply']}")
            elif event["event"] == "tool":
                if event["ok"]:
                    outcome = json.dumps(event["result"], ensure_ascii=False, default=str)
                else:
                    outcome = f"ERROR {event['error']}"
                arguments = json.dumps(event["arguments"], ensure_ascii=False)
                took = f"{event['seconds']:.2f} s"
                lines.append(f"{prefix}  {event['name']}({arguments}) -> {outcome}  ({took})")
            elif event["event"] == "protocol_error":
                lines.append(f"{prefix}  reply rejected: {event['error']}")
            else:
                lines.append(f"{prefix}{event['event']}: {event['answer']}")
        return "\n".join(lines)


class ToolAgent:
    def __init__(self, toolbox: Toolbox | None = None, provider: Provider | None = None,
                 max_retries: int = MAX_RETRIES, max_steps: int = MAX_STEPS):
        self.toolbox = toolbox or default_toolbox()
        # Offline, the fake provider's "brain" reads the question and plans deterministic calls.
        self.provider = provider or get_provider(brain=offline_brain)
        self.max_retries = max_retries
        self.max_steps = max_steps

    def system_prompt(self) -> str:
        tools = json.dumps(self.toolbox.specs(), indent=2, ensure_ascii=False)
        return SYSTEM_PROMPT.substitute(tools=tools, header=RESULTS_HEADER)

    def ask(self, question: str) -> Run:
        run = Run(question)
        messages: list[Message] = [system(self.system_prompt()), user(question)]
        failures = 0
        for step in range(1, self.max_steps + 1):
            reply = self.provider.complete(messages)
            run.log(step, "model", reply=reply)
            messages.append(Message("assistant", reply))
            try:
                decision = parse_reply(reply)
            except ProtocolError as exc:
                run.log(step, "protocol_error", error=str(exc))
                feedback, problem = f"{exc}. {FORMAT_REMINDER}", str(exc)
            else:
                if decision.answer is not None:
                    return run.finish(step, decision.answer, ok=True)
                for call in decision.calls:
                    self.toolbox.run(call)
                    run.calls.append(call)
                    run.log(step, "tool", **call.report(), seconds=call.seconds)
                failed = [call for call in decision.calls if not call.ok]
                feedback, problem = format_results(decision.calls), failed[-1].error if failed else None
            failures = failures + 1 if problem else 0
            if failures > self.max_retries:
                return self._stop(run, messages, feedback, step,
                                  f"I could not complete this after {failures} failed attempt(s): {problem}")
            messages.append(user(feedback))
        return self._stop(run, messages, None, self.max_steps,
                          f"I could not complete this within {self.max_steps} steps.")

    def _stop(self, run: Run, messages: list[Message], feedback: str | None, step: int, why: str) -> Run:
        """No more tools: one last turn for the model to answer with what it has (or `why`)."""
        messages.append(user(f"{feedback}\n\n{FINAL_REQUEST}" if feedback else FINAL_REQUEST))
        reply = self.provider.complete(messages)
        run.log(step + 1, "model", reply=reply)
        try:
            answer = parse_reply(reply).answer
        except ProtocolError:
            answer = None
        return run.finish(step + 1, answer or why, ok=False)
