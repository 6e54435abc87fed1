from __future__ import annotations

import json

import pytest

from {{ cookiecutter.package_name }}.agent import MAX_RETRIES, ToolAgent
from {{ cookiecutter.package_name }}.offline import OFFLINE, offline_brain, plan
from {{ cookiecutter.package_name }}.protocol import FINAL_REQUEST, ProtocolError, parse_reply
from {{ cookiecutter.package_name }}.providers import FakeProvider, Message, get_provider
from {{ cookiecutter.package_name }}.toolset import default_toolbox

HEADLINE = "What is 17 * 23 and what's the weather API say for Paris?"


@pytest.fixture(scope="module")
def toolbox():
    with pytest.MonkeyPatch.context() as env:
        env.setenv("WEATHER_API_URL", "")  # empty: the offline stub, whatever the shell or .env says
        return default_toolbox()  # the offline weather stub and a real sandbox


@pytest.fixture
def agent(toolbox):
    return ToolAgent(toolbox, max_retries=2)  # the offline brain, whatever MAX_RETRIES was generated


def scripted(toolbox, *replies: str, max_retries: int = 2) -> tuple[ToolAgent, FakeProvider]:
    fake = FakeProvider(replies=list(replies))
    return ToolAgent(toolbox, fake, max_retries=max_retries), fake


def test_the_model_routes_one_question_to_two_tools(agent):
    run = agent.ask(HEADLINE)
    assert run.ok
    assert run.answer == ("17 * 23 = 391. The weather API stub (sample data, not real weather) says Paris: "
                          "18.0°C and light rain, wind 12.0 km/h.")
    assert [(c.name, c.arguments) for c in run.calls] == [
        ("calculator", {"expression": "17 * 23"}), ("get_weather", {"city": "Paris", "units": "metric"})]
    assert [e["event"] for e in run.events] == ["model", "tool", "tool", "model", "answer"]


def test_a_tool_error_goes_back_and_the_model_recovers_with_another_tool(agent):
    run = agent.ask("What is factorial(20)?")
    assert run.ok and "2432902008176640000" in run.answer
    calculator, python = run.calls
    assert not calculator.ok and "unsupported function 'factorial'" in calculator.error
    assert python.name == "run_python" and python.ok


def test_without_retries_the_model_still_explains_what_failed(toolbox):
    fake = FakeProvider(brain=offline_brain)
    run = ToolAgent(toolbox, fake, max_retries=0).ask("What is factorial(20)?")
    assert not run.ok and [c.name for c in run.calls] == ["calculator"]
    assert run.answer.startswith("I could not compute factorial(20): unsupported function 'factorial'")
    assert fake.calls[-1][-1].content.endswith(FINAL_REQUEST)


def test_an_api_error_is_explained_not_hidden(agent):
    run = agent.ask("What's the weather in Atlantis?")
    assert run.ok and "unknown city 'Atlantis'" in run.answer


def test_questions_without_a_tool_get_a_direct_answer(agent):
    run = agent.ask("Write me a poem")
    assert run.ok and run.calls == [] and "calculate, run Python and look up the weather" in run.answer
    assert "Which city" in agent.ask("What's the weather like?").answer


def test_the_system_prompt_shows_every_tool_schema(agent):
    prompt = agent.system_prompt()
    specs = json.loads(prompt[prompt.index("["):prompt.index("]\n\nReply") + 1])
    assert [s["name"] for s in specs] == ["calculator", "get_weather", "run_python"]
    assert specs[1]["parameters"]["required"] == ["city"] and '{"tool_calls": [' in prompt


def test_invalid_arguments_are_fed_back_and_corrected(toolbox):
    agent, fake = scripted(
        toolbox,
        '{"tool_calls": [{"name": "get_weather", "arguments": {"town": "Paris"}}]}',
        '{"tool_calls": [{"name": "get_weather", "arguments": {"city": "Paris"}}]}',
        '{"answer": "It is 18 degrees in Paris."}',
    )
    run = agent.ask("Weather in Paris?")
    assert run.ok and run.answer == "It is 18 degrees in Paris."
    feedback = fake.calls[1][-1].content
    assert feedback.startswith("Tool results:")
    assert "'city' is a required property" in feedback and "'town' was unexpected" in feedback
    assert [c.ok for c in run.calls] == [False, True]


def test_malformed_replies_are_fed_back(toolbox):
    agent, fake = scripted(toolbox, '{"tool_calls": [{"name": "calculator", ', '{"answer": "391"}')
    run = agent.ask("17 * 23?")
    assert run.ok and run.answer == "391"
    assert "not valid JSON" in fake.calls[1][-1].content
    assert [e["event"] for e in run.events] == ["model", "protocol_error", "model", "answer"]


def test_retries_are_bounded(toolbox):
    agent, fake = scripted(toolbox, *['{"tool_calls": [{"name": "teleport", "arguments": {}}]}'] * 9,
                           max_retries=2)
    run = agent.ask("Beam me up")
    assert not run.ok and len(fake.calls) == 3 + 1  # three failed turns, then one asking for an answer
    assert fake.calls[-1][-1].content.endswith(FINAL_REQUEST)
    assert run.answer == "I could not complete this after 3 failed attempt(s): unknown tool 'teleport'; " \
                         "the tools are: calculator, get_weather, run_python"
    assert run.events[-1]["event"] == "gave_up" and len(run.calls) == 3


def test_steps_are_bounded_even_when_every_call_works(toolbox):
    again = '{"tool_calls": [{"name": "calculator", "arguments": {"expression": "1+1"}}]}'
    fake = FakeProvider(replies=[again] * 9)
    run = ToolAgent(toolbox, fake, max_steps=3).ask("Loop forever")
    assert not run.ok and len(fake.calls) == 4 and "within 3 steps" in run.answer
    assert MAX_RETRIES == {{ cookiecutter.max_retries }}


def test_the_transcript_is_json_lines(agent):
    run = agent.ask(HEADLINE)
    events = [json.loads(line) for line in run.transcript_jsonl().splitlines()]
    assert events[0] == {"event": "question", "question": HEADLINE}
    assert events[2]["name"] == "calculator" and events[2]["result"] == 391 and events[2]["ok"]
    assert events[-1] == {"step": 2, "event": "answer", "answer": run.answer}
    assert "calculator(" in run.render() and "-> 391" in run.render()


@pytest.mark.parametrize("reply,expected", [
    ("The answer is 42.", ("answer", "The answer is 42.")),
    ('```json\n{"answer": "ok"}\n```', ("answer", "ok")),
    ('Sure! {"tool_calls": [{"id": "a", "name": "calculator", "arguments": "{\\"expression\\": \\"1\\"}"}]}',
     ("calls", [("a", "calculator", {"expression": "1"})])),
])
def test_replies_are_parsed(reply, expected):
    decision = parse_reply(reply)
    if expected[0] == "answer":
        assert decision.answer == expected[1] and decision.calls == []
    else:
        assert [(c.id, c.name, c.arguments) for c in decision.calls] == expected[1]


@pytest.mark.parametrize("reply", ["", "{}", '{"tool_calls": []}', '{"tool_calls": [{"arguments": {}}]}'])
def test_replies_that_are_neither_are_protocol_errors(reply):
    with pytest.raises(ProtocolError):
        parse_reply(reply)


def test_the_offline_plan_reads_the_question():
    assert plan("What is 2 plus 3 times 4?") == [
        {"id": "1", "name": "calculator", "arguments": {"expression": "2 + 3 * 4"}}]
    assert plan("Compute 2 ** 64 in Python")[0]["name"] == "run_python"
    weather = plan("Temperature in New York in fahrenheit?")[0]
    assert weather["arguments"] == {"city": "New York", "units": "imperial"}


@pytest.mark.integration
def test_a_real_model_uses_the_tools(toolbox):
    run = ToolAgent(toolbox, get_provider()).ask(HEADLINE)
    assert run.ok and "391" in run.answer and {c.name for c in run.calls} >= {"calculator", "get_weather"}


@pytest.mark.parametrize("question,unknown", [
    ("What is 17 * 23 and who won the world cup?", "'who', 'won', 'world', 'cup'"),
    ("What is 2 + 2 in the Roman calendar?", "'roman', 'calendar'"),
])
def test_the_offline_brain_declines_a_question_it_only_partly_understands(question, unknown):
    # answering only "17 * 23" would answer a different question
    reply = json.loads(offline_brain([Message("user", question)]))
    assert "tool_calls" not in reply
    assert reply["answer"].startswith(OFFLINE) and unknown in reply["answer"]
