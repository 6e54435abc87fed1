"""The ReAct loop (Reason → Act → Observe) with a step budget.

Each step the model writes a `Thought:` and either an `Action: tool[input]` or a `Final Answer:`.
The tool runs (with retries and backoff on errors it marks as transient) and its output comes
back as the next `Observation:`. The loop ends with the final answer, or when the step budget is
spent — then the caller gets the steps so far and `stopped == "step budget"`.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .providers import Message, Provider, system, user
from .retry import ToolError, with_retries
from .tools import Tool

MAX_STEPS = {{ cookiecutter.max_steps }}
OBSERVATION_CHARS = 3500
ACTION = re.compile(r"^\s*Action\s*:\s*([A-Za-z_]\w*)\s*\[(.*)\]\s*$", re.M)
FINAL = re.compile(r"^\s*Final Answer\s*:\s*(.*)", re.M | re.S)
THOUGHT = re.compile(r"^\s*Thought\s*:\s*(.*)$", re.M)
FORMAT_HELP = "Error: reply with 'Thought: ...' and then 'Action: tool[input]' or 'Final Answer: ...'."
FORMAT = """Tools:
{tools}

Each turn, write one line "Thought: <your reasoning>", then exactly one of:
Action: <tool>[<input>]
Final Answer: <your answer>
After an Action, stop: the result comes back as "Observation: ...". Never write an Observation yourself."""


@dataclass
class Step:
    thought: str
    action: str = ""  # tool name; empty for a final answer or a reply that could not be read
    action_input: str = ""
    observation: str = ""
    error: bool = False
    retries: int = 0


@dataclass
class ReActResult:
    answer: str | None
    steps: list[Step] = field(default_factory=list)
    stopped: str = "final answer"  # or "step budget"


def parse_reply(reply: str) -> tuple[str, str | None, str | None]:
    """(thought, action, input) or (thought, None, final answer); (thought, None, None) if unreadable."""
    reply = reply.split("\nObservation:")[0]  # a model that invents the observation is cut short
    thought_match = THOUGHT.search(reply)
    thought = thought_match.group(1).strip() if thought_match else ""
    action = ACTION.search(reply)
    if action:
        return thought, action.group(1).lower(), action.group(2).strip()
    final = FINAL.search(reply)
    return thought, None, final.group(1).strip() if final else None


class ReActAgent:
    def __init__(self, provider: Provider, tools: dict[str, Tool], role: str, *, max_steps: int = MAX_STEPS,
                 attempts: int = 3, base_delay: float = 0.5, sleep: Callable[[float], None] = time.sleep,
                 on_step: Callable[[Step], None] | None = None):
        self.provider = provider
        self.tools = tools
        self.role = role  # the system prompt's first part: who the agent is and what it is for
        self.max_steps = max_steps
        self.attempts, self.base_delay, self.sleep = attempts, base_delay, sleep
        self.on_step = on_step or (lambda step: None)

    def system_prompt(self) -> str:
        listing = "\n".join(f"- {tool.description}" for tool in self.tools.values())
        return f"{self.role}\n\n{FORMAT.format(tools=listing)}"

    def run(self, task: str) -> ReActResult:
        messages = [system(self.system_prompt()), user(f"Task: {task}")]
        result = ReActResult(None, stopped="step budget")
        for _ in range(self.max_steps):
            reply = self.provider.complete(messages)
            thought, action, text = parse_reply(reply)
            messages.append(Message("assistant", reply.split("\nObservation:")[0].strip()))
            if action is None and text is not None:
                result.steps.append(Step(thought))
                self.on_step(result.steps[-1])
                result.answer, result.stopped = text, "final answer"
                return result
            step = self.act(thought, action, text or "")
            result.steps.append(step)
            self.on_step(step)
            messages.append(user(f"Observation: {step.observation}"))
        return result

    def act(self, thought: str, action: str | None, argument: str) -> Step:
        if action is None:
            return Step(thought, observation=FORMAT_HELP, error=True)
        step = Step(thought, action, argument)
        tool = self.tools.get(action)
        if tool is None:
            step.observation = f"Error: unknown tool '{action}'; use one of: {', '.join(self.tools)}"
            step.error = True
            return step

        def count_retry(attempt: int, exc: ToolError, delay: float) -> None:
            step.retries += 1

        try:
            output = with_retries(lambda: tool.run(argument), attempts=self.attempts,
                                  base_delay=self.base_delay, sleep=self.sleep, on_retry=count_retry)
        except ToolError as exc:
            tries = f" (after {step.retries + 1} attempts)" if step.retries else ""
            step.observation, step.error = f"Error: {exc}{tries}", True
            return step
        if len(output) > OBSERVATION_CHARS:
            output = output[:OBSERVATION_CHARS] + " …(cut)"
        step.observation = output
        return step
