"""The agent on LangChain: the tools as LangChain `StructuredTool`s, the chat model's native
function calling (`bind_tools`, `AIMessage.tool_calls`, `ToolMessage`), and the same loop rules
as the from-scratch agent in agent.py: arguments are checked against each tool's JSON Schema,
errors go back to the model as `ToolMessage(status="error")`, and after `max_retries` failed
turns in a row (or `max_steps` turns) the model is asked for a final answer without tools.

Chat models: `ChatOpenAI`, `ChatAnthropic` or `ChatOllama` (extras `openai`, `anthropic`,
`ollama`), or offline `OfflineToolModel`: the rule-based planner of offline.py speaking
LangChain's tool-calling protocol. It is a stand-in, not a model, and says so when it cannot
answer.
"""

from __future__ import annotations

import json
import os
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.tools import StructuredTool

from .agent import MAX_RETRIES, MAX_STEPS, Run
from .offline import CAN, CANNOT, OFFLINE, compose, plan, recovery_calls, unexplained, which_city
from .protocol import FINAL_REQUEST
from .providers import DEFAULT_PROVIDER, PROVIDERS, ProviderError
from .providers.base import require_env, require_sdk
from .tools import Call, Toolbox
from .toolset import default_toolbox

SYSTEM_PROMPT = ("You are an assistant that answers with the help of tools. Do not guess facts or do "
                 "arithmetic in your head: call a tool, then answer from its result. When a call fails, "
                 "read the error and fix the call, or explain the problem in your answer.")


def langchain_tools(toolbox: Toolbox) -> list[StructuredTool]:
    """The toolbox as LangChain tools (usable with any LangChain or LangGraph agent too)."""

    def runner(name: str):
        def run(**arguments: Any) -> Any:
            return toolbox.invoke(name, arguments)
        return run

    return [StructuredTool.from_function(func=runner(spec["name"]), name=spec["name"],
                                         description=spec["description"], args_schema=spec["parameters"],
                                         handle_tool_error=True)
            for spec in toolbox.specs()]


def chat_model(name: str | None = None, model: str | None = None) -> BaseChatModel:
    """The LangChain chat model for a provider name (default: $LLM_PROVIDER, else this project's)."""
    name = (name or os.environ.get("LLM_PROVIDER") or DEFAULT_PROVIDER).strip().lower()
    model = model or os.environ.get("LLM_MODEL")
    if name == "fake":
        return OfflineToolModel()
    if name == "openai":
        sdk = require_sdk("langchain_openai", "openai")
        require_env("OPENAI_API_KEY", "openai")
        return sdk.ChatOpenAI(model=model or "gpt-4o-mini", temperature=0)
    if name == "anthropic":
        sdk = require_sdk("langchain_anthropic", "anthropic")
        require_env("ANTHROPIC_API_KEY", "anthropic")
        return sdk.ChatAnthropic(model=model or "claude-3-5-haiku-latest", temperature=0)
    if name == "ollama":
        sdk = require_sdk("langchain_ollama", "ollama")
        host = os.environ.get("OLLAMA_HOST") or "http://localhost:11434"
        return sdk.ChatOllama(model=model or "llama3.2", base_url=host, temperature=0)
    raise ProviderError(f"unknown provider '{name}': choose one of {', '.join(PROVIDERS)}")


class LangChainToolAgent:
    def __init__(self, toolbox: Toolbox | None = None, model: BaseChatModel | None = None,
                 max_retries: int = MAX_RETRIES, max_steps: int = MAX_STEPS):
        self.toolbox = toolbox or default_toolbox()
        self.model = model or chat_model()
        self.tools = langchain_tools(self.toolbox)
        self.max_retries = max_retries
        self.max_steps = max_steps

    def ask(self, question: str) -> Run:
        run = Run(question)
        with_tools = self.model.bind_tools(self.tools)
        messages: list[BaseMessage] = [SystemMessage(SYSTEM_PROMPT), HumanMessage(question)]
        failures = 0
        for step in range(1, self.max_steps + 1):
            try:
                reply = with_tools.invoke(messages)
            except Exception as exc:  # the SDKs' errors have no common base to import lazily
                raise ProviderError(f"{getattr(self.model, '_llm_type', 'model')}: {exc}") from exc
            run.log(step, "model", reply=_shown(reply))
            messages.append(reply)
            if not reply.tool_calls:
                return run.finish(step, _text(reply), ok=True)
            calls = []
            for requested in reply.tool_calls:
                requested_call = Call(requested["name"], dict(requested["args"]), requested["id"] or "")
                call = self.toolbox.run(requested_call)
                calls.append(call)
                run.calls.append(call)
                run.log(step, "tool", **call.report(), seconds=call.seconds)
                outcome = {"result": call.result} if call.ok else {"error": call.error}
                messages.append(ToolMessage(json.dumps(outcome, ensure_ascii=False, default=str),
                                            tool_call_id=call.id, name=call.name,
                                            status="success" if call.ok else "error"))
            failed = [call for call in calls if not call.ok]
            failures = failures + 1 if failed else 0
            if failures > self.max_retries:
                return self._stop(run, messages, step, f"I could not complete this after {failures} "
                                                       f"failed attempt(s): {failed[-1].error}")
        return self._stop(run, messages, self.max_steps,
                          f"I could not complete this within {self.max_steps} steps.")

    def _stop(self, run: Run, messages: list[BaseMessage], step: int, why: str) -> Run:
        """No more tools: one last turn, without them, to answer with what it has (or `why`)."""
        messages.append(HumanMessage(FINAL_REQUEST))
        reply = self.model.invoke(messages)
        run.log(step + 1, "model", reply=_shown(reply))
        return run.finish(step + 1, _text(reply) or why, ok=False)


def _text(message: BaseMessage) -> str:
    content = message.content
    if isinstance(content, list):  # Anthropic-style content blocks
        content = "".join(block.get("text", "") if isinstance(block, dict) else str(block)
                          for block in content)
    return str(content).strip()


def _shown(message: AIMessage) -> str:
    calls = [{"id": c["id"], "name": c["name"], "arguments": c["args"]} for c in message.tool_calls]
    return json.dumps({"tool_calls": calls}, ensure_ascii=False) if calls else _text(message)


class OfflineToolModel(BaseChatModel):
    """Offline stand-in for a tool-calling chat model: offline.py's planner behind LangChain's
    interface. It plans calls for arithmetic, Python and the weather, retries a calculator
    failure in Python, composes the answer from the tool results, and declines the rest."""

    @property
    def _llm_type(self) -> str:
        return "offline-stand-in"

    def bind_tools(self, tools: list[Any], **kwargs: Any) -> OfflineToolModel:
        return self  # it plans for the tools of this project, which it knows by name

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None,
                  run_manager: Any = None, **kwargs: Any) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=self._reply(messages))])

    def _reply(self, messages: list[BaseMessage]) -> AIMessage:
        question = next((_text(m) for m in messages if isinstance(m, HumanMessage)), "")
        results = _results(messages)
        final = isinstance(messages[-1], HumanMessage) and _text(messages[-1]) == FINAL_REQUEST
        if not results and not final:
            calls = plan(question)
            unknown = unexplained(question, calls)
            if calls and unknown:  # answering only the parts it knows would answer another question
                words = ", ".join(repr(w) for w in unknown)
                return AIMessage(f"{OFFLINE}: it does not understand {words}; {CAN}")
            if not calls:
                return AIMessage(which_city(question) or CANNOT)
            return AIMessage("", tool_calls=[{"id": c["id"], "name": c["name"], "args": c["arguments"]}
                                             for c in calls])
        retries = recovery_calls(results, first_id=len(results) + 1)
        if retries and not final:
            return AIMessage("", tool_calls=[{"id": c["id"], "name": c["name"], "args": c["arguments"]}
                                             for c in retries])
        return AIMessage(compose(results))


def _results(messages: list[BaseMessage]) -> list[dict[str, Any]]:
    """Every tool call and its outcome so far, in the shape offline.py's compose() reads."""
    asked = {call["id"]: call for m in messages if isinstance(m, AIMessage) for call in m.tool_calls}
    results = []
    for message in messages:
        if isinstance(message, ToolMessage):
            call = asked.get(message.tool_call_id, {"name": message.name, "args": {}})
            try:
                outcome = json.loads(_text(message))
            except ValueError:
                outcome = {"error": _text(message)}
            results.append({"id": message.tool_call_id, "name": call["name"], "arguments": call["args"],
                            "ok": "error" not in outcome, "result": outcome.get("result"),
                            "error": outcome.get("error")})
    return results

