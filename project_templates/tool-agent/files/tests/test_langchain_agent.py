"""The LangChain agent: native tool calls in, ToolMessages out, offline through LangChain's own
fake chat model (scripted AIMessages with tool_calls) and the offline stand-in model."""

from __future__ import annotations

import json
import sys

import pytest
from langchain_core.language_models.fake_chat_models import FakeMessagesListChatModel
from langchain_core.messages import AIMessage, ToolMessage
from langchain_core.utils.function_calling import convert_to_openai_tool

from {{ cookiecutter.package_name }}.langchain_agent import (
    LangChainToolAgent,
    OfflineToolModel,
    chat_model,
    langchain_tools,
)
from {{ cookiecutter.package_name }}.offline import OFFLINE
from {{ cookiecutter.package_name }}.providers import ProviderError
from {{ cookiecutter.package_name }}.toolset import default_toolbox


class Scripted(FakeMessagesListChatModel):
    """LangChain's scripted fake chat model, recording the messages and tools it is given."""

    seen: list = []
    bound: list = []

    def bind_tools(self, tools, **kwargs):
        self.bound = [convert_to_openai_tool(t) for t in tools]
        return self

    def _generate(self, messages, stop=None, run_manager=None, **kwargs):
        self.seen.append(list(messages))
        return super()._generate(messages, stop, run_manager, **kwargs)


def call(name: str, args: dict, id: str = "1") -> AIMessage:
    return AIMessage("", tool_calls=[{"id": id, "name": name, "args": args}])


def test_the_tools_are_bound_with_their_json_schemas():
    model = Scripted(responses=[AIMessage("done")])
    LangChainToolAgent(default_toolbox(), model).ask("hi")
    names = [tool["function"]["name"] for tool in model.bound]
    assert names == ["calculator", "get_weather", "run_python"]
    calculator = model.bound[0]["function"]["parameters"]
    assert calculator["properties"]["expression"]["type"] == "string"
    assert calculator["required"] == ["expression"]


def test_the_langchain_tools_run_the_toolbox():
    calculator = langchain_tools(default_toolbox())[0]
    assert calculator.invoke({"expression": "17 * 23"}) == 391


def test_offline_end_to_end_through_native_tool_calls():
    run = LangChainToolAgent(default_toolbox(), OfflineToolModel()).ask(
        "What is 17 * 23 and what's the weather API say for Paris?")
    assert run.ok and [c.name for c in run.calls] == ["calculator", "get_weather"]
    assert run.answer.startswith("17 * 23 = 391. The weather API stub (sample data, not real weather) says")


def test_a_tool_error_goes_back_as_a_tool_message_and_the_model_corrects_itself():
    model = Scripted(responses=[call("calculator", {"expr": "2 + 2"}),
                                call("calculator", {"expression": "2 + 2"}, "2"), AIMessage("2 + 2 = 4")])
    run = LangChainToolAgent(default_toolbox(), model, max_retries=1).ask("What is 2 + 2?")
    assert run.ok and run.answer == "2 + 2 = 4"
    assert [c.ok for c in run.calls] == [False, True]
    error = next(m for m in model.seen[1] if isinstance(m, ToolMessage))
    assert error.status == "error" and error.tool_call_id == "1"
    assert "expression" in json.loads(error.content)["error"]


def test_retries_are_bounded_and_the_last_turn_has_no_tools():
    model = Scripted(responses=[call("teleport", {})] * 3 + [AIMessage("I could not teleport.")])
    run = LangChainToolAgent(default_toolbox(), model, max_retries=2).ask("Beam me up")
    assert not run.ok and run.answer == "I could not teleport." and len(run.calls) == 3
    assert "unknown tool 'teleport'" in run.calls[0].error


def test_a_calculator_failure_is_retried_in_python_offline():
    run = LangChainToolAgent(default_toolbox(), OfflineToolModel()).ask("What is factorial(10) + 1?")
    assert [c.name for c in run.calls] == ["calculator", "run_python"]
    assert run.ok and "3628801" in run.answer


@pytest.mark.parametrize("question", ["Who won the world cup in 2018?",
                                      "What is 17 * 23 and who won the world cup?"])
def test_the_offline_model_declines_what_it_cannot_answer(question):
    run = LangChainToolAgent(default_toolbox(), OfflineToolModel()).ask(question)
    assert run.answer.startswith(OFFLINE) and run.calls == []


def test_a_real_provider_without_its_integration_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "langchain_openai", None)
    with pytest.raises(ProviderError, match=r"pip install -e '\.\[openai\]'"):
        chat_model("openai")
    assert isinstance(chat_model("fake"), OfflineToolModel)


@pytest.mark.integration
def test_a_real_chat_model_calls_the_calculator():
    import os

    pytest.importorskip(f"langchain_{os.environ['LLM_PROVIDER']}")  # langchain_openai, …_anthropic, …_ollama
    run = LangChainToolAgent(default_toolbox(), chat_model()).ask("What is 1234 * 5678? Use the calculator.")
    assert run.ok and any(call.name == "calculator" and call.ok for call in run.calls)
    assert "7006652" in run.answer.replace(",", "").replace(" ", "")
