from __future__ import annotations

from {{ cookiecutter.package_name }}.providers import FakeProvider
from {{ cookiecutter.package_name }}.react import ReActAgent, parse_reply
from {{ cookiecutter.package_name }}.retry import ToolError
from {{ cookiecutter.package_name }}.tools import Tool

ROLE = "You are a test agent."


def echo_tools(log: list[str]) -> dict[str, Tool]:
    def lookup(text: str) -> str:
        log.append(text)
        return f"found: {text}"

    return {"lookup": Tool("lookup", "lookup[text]: echoes", lookup)}


def test_parse_reply():
    assert parse_reply("Thought: look it up\nAction: lookup[agents  ]") == ("look it up", "lookup", "agents")
    assert parse_reply("Thought: done\nFinal Answer: two\nlines") == ("done", None, "two\nlines")
    assert parse_reply("I will just chat") == ("", None, None)
    invented = "Thought: t\nAction: lookup[x]\nObservation: made up\nFinal Answer: y"
    assert parse_reply(invented) == ("t", "lookup", "x")


def test_reason_act_observe_until_the_final_answer():
    log = []
    fake = FakeProvider(replies=["Thought: I should look\nAction: lookup[react]",
                                 "Thought: I know now\nFinal Answer: ReAct interleaves reasoning and acting"])
    result = ReActAgent(fake, echo_tools(log), ROLE, max_steps=5).run("What is ReAct?")
    assert result.answer == "ReAct interleaves reasoning and acting" and result.stopped == "final answer"
    assert log == ["react"] and [s.action for s in result.steps] == ["lookup", ""]
    assert fake.calls[0][0].content.startswith(ROLE) and "lookup[text]" in fake.calls[0][0].content
    assert fake.calls[1][-1].content == "Observation: found: react"  # the model saw the tool's output


def test_mistakes_become_observations_the_model_can_fix():
    fake = FakeProvider(replies=["just text", "Thought: t\nAction: browse[x]",
                                 "Thought: t\nFinal Answer: ok"])
    result = ReActAgent(fake, echo_tools([]), ROLE, max_steps=5).run("task")
    assert result.answer == "ok"
    assert result.steps[0].error and "Action: tool[input]" in result.steps[0].observation
    assert result.steps[1].observation == "Error: unknown tool 'browse'; use one of: lookup"


def test_the_step_budget_stops_the_loop():
    fake = FakeProvider(replies=["Thought: again\nAction: lookup[x]"] * 10)
    result = ReActAgent(fake, echo_tools([]), ROLE, max_steps=3).run("task")
    assert result.answer is None and result.stopped == "step budget" and len(result.steps) == 3
    assert len(fake.calls) == 3


def test_tool_errors_are_retried_then_reported():
    calls, waits = [], []

    def unstable(text: str) -> str:
        calls.append(text)
        if len(calls) < 3:
            raise ToolError("503 from the search API", retryable=True)
        if text == "gone":
            raise ToolError("404: no such page")
        return "finally"

    tools = {"fetch": Tool("fetch", "fetch[x]", unstable)}
    fake = FakeProvider(replies=["Thought: t\nAction: fetch[a]", "Thought: t\nAction: fetch[gone]",
                                 "Thought: t\nFinal Answer: done"])
    result = ReActAgent(fake, tools, ROLE, max_steps=5, sleep=waits.append, base_delay=0.1).run("task")
    first, second = result.steps[:2]
    assert (first.observation, first.retries, first.error) == ("finally", 2, False)
    assert waits == [0.1, 0.2]
    assert second.error and second.observation == "Error: 404: no such page" and second.retries == 0
