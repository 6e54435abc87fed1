"""The offline brain of the `fake` provider: deterministic tool calls read from the question.

It speaks the agent's protocol like a model would, from the conversation alone:
- first turn: arithmetic → `calculator` (or `run_python` when the question says "python"),
  code in backticks → `run_python`, "weather … for/in <City>" → `get_weather`;
- when the calculator reports an unsupported function, it retries the expression in Python
  (error recovery), once — unless the agent has asked for a final answer;
- then it writes the answer from the tool results, errors included.
A real model does all of this for any question; this one knows only these patterns.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .protocol import FINAL_REQUEST, read_results
from .providers import Message

OFFLINE = "The offline stand-in (fake provider, no model) cannot answer this"
CAN = ("it can only calculate, run Python and look up the weather (from a stub API); ask about "
       'one of those, e.g. "What is 17 * 23 and what\'s the weather in Paris?", or use a real model: '
       "LLM_PROVIDER=openai, anthropic or ollama")
CANNOT = f"{OFFLINE}: {CAN}"
# words a question about its tools may hold besides the expressions, code and city it acts on
FILLER = frozenset("""what whats what's is are was and also then the a an of for in at to me my
please
tell say says said api calculate compute evaluate work out run execute python code using use with
how much many weather temperature forecast like today now it fahrenheit celsius metric imperial units
degrees result value give show find get check could can you would will do does look up there
this that""".split())
WORDS = {"times": "*", "multiplied by": "*", "plus": "+", "minus": "-", "divided by": "/",
         "to the power of": "**", "×": "*", "÷": "/"}
EXPRESSION = re.compile(r"(?:\b[a-z_]+\()?[\d(][\d\s.()+\-*/%^]*[\d)]")
CODE = re.compile(r"`{1,3}(?:python\n)?(.+?)`{1,3}", re.S)
WEATHER = re.compile(r"weather|temperature|forecast", re.I)
CITY = re.compile(r"\b(?:for|in|at)\s+([A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*)*)")


def offline_brain(messages: list[Message]) -> str:
    question = next((m.content for m in messages if m.role == "user"), "")
    results = read_results(messages)
    if not results and FINAL_REQUEST not in messages[-1].content:
        calls = plan(question)
        unknown = unexplained(question, calls)
        if calls and unknown:  # answering only the parts it knows would answer another question
            words = ", ".join(repr(w) for w in unknown)
            return json.dumps({"answer": f"{OFFLINE}: it does not understand {words}; {CAN}"})
        return json.dumps({"tool_calls": calls} if calls else {"answer": which_city(question) or CANNOT})
    retries = recovery_calls(results, first_id=len(results) + 1)
    if retries and FINAL_REQUEST not in messages[-1].content:
        return json.dumps({"tool_calls": retries})
    return json.dumps({"answer": compose(results)}, ensure_ascii=False)


def expressions(question: str) -> list[str]:
    text = f" {question.lower()} "
    for word, symbol in WORDS.items():
        text = text.replace(f" {word} ", f" {symbol} ")
    found = []
    for match in EXPRESSION.finditer(text):
        candidate = match.group(0).strip()
        while candidate.count("(") > candidate.count(")") and candidate.startswith("("):
            candidate = candidate[1:].strip()
        if re.search(r"\d\s*[-+*/%^]|[a-z_]\(", candidate) and candidate.count("(") == candidate.count(")"):
            found.append(candidate)
    return found


def plan(question: str) -> list[dict[str, Any]]:
    """The calls a model would make for this question (an empty list: none fits)."""
    calls: list[dict[str, Any]] = []
    code = CODE.search(question)
    if code:
        calls.append({"name": "run_python", "arguments": {"code": code.group(1).strip()}})
    else:
        in_python = "python" in question.lower()
        for expression in expressions(question):
            calls.append({"name": "run_python", "arguments": {"code": expression}} if in_python
                         else {"name": "calculator", "arguments": {"expression": expression}})
    topic = WEATHER.search(question)
    city = CITY.search(question, topic.end()) if topic else None
    if city:
        units = "imperial" if re.search(r"fahrenheit|imperial|°f", question, re.I) else "metric"
        calls.append({"name": "get_weather", "arguments": {"city": city.group(1), "units": units}})
    return [{"id": str(number), **call} for number, call in enumerate(calls, 1)]


def unexplained(question: str, calls: list[dict[str, Any]]) -> list[str]:
    """The words of the question that neither the planned calls nor FILLER account for."""
    text = f" {question.lower()} "
    for word, symbol in WORDS.items():
        text = text.replace(f" {word} ", f" {symbol} ")
    for call in calls:
        for value in call["arguments"].values():
            text = text.replace(str(value).lower(), " ")
    words = re.findall(r"[a-z][a-z']*", text)
    return list(dict.fromkeys(w for w in words if w not in FILLER and w.removesuffix("'s") not in FILLER))


def which_city(question: str) -> str | None:
    if WEATHER.search(question):
        return "Which city would you like the weather for?"
    return None


def recovery_calls(results: list[dict[str, Any]], first_id: int) -> list[dict[str, Any]]:
    """Calculator failures it cannot handle, retried once in the Python sandbox."""
    tried = {r["arguments"].get("code") for r in results if r["name"] == "run_python"}
    calls = []
    for result in results:
        if result["name"] == "calculator" and not result["ok"] and "unsupported" in result["error"]:
            code = f"from math import *\n{result['arguments'].get('expression', '')}"
            if code not in tried:
                number = str(first_id + len(calls))
                calls.append({"id": number, "name": "run_python", "arguments": {"code": code}})
    return calls


def _shown_code(code: str) -> str:
    return code.removeprefix("from math import *\n")


def _weather(w: dict[str, Any]) -> str:
    degrees, speed = ("°F", "mph") if w.get("units") == "imperial" else ("°C", "km/h")
    stub = w.get("source") == "stub"
    source = "The weather API stub (sample data, not real weather)" if stub else "The weather API"
    return (f"{source} says {w.get('city')}: {w.get('temperature')}{degrees} and "
            f"{w.get('conditions')}, wind {w.get('wind_speed')} {speed}.")


def compose(results: list[dict[str, Any]]) -> str:
    """One sentence per result, leaving out calculator failures that Python then recovered."""
    recovered = {_shown_code(r["arguments"].get("code", ""))
                 for r in results if r["name"] == "run_python" and r["ok"]}
    sentences = []
    for r in results:
        args = r["arguments"]
        if r["name"] == "calculator":
            if r["ok"]:
                sentences.append(f"{args.get('expression')} = {r['result']}.")
            elif args.get("expression") not in recovered:
                sentences.append(f"I could not compute {args.get('expression')}: {r['error']}.")
        elif r["name"] == "run_python":
            code = _shown_code(args.get("code", ""))
            if not r["ok"]:
                sentences.append(f"{r['error'][:1].upper()}{r['error'][1:]}.")
            elif r["result"].get("value") is not None and "\n" not in code:
                sentences.append(f"{code} = {r['result']['value']} (computed in Python).")
            else:
                shown = r["result"].get("stdout", "").strip() or r["result"].get("value")
                sentences.append(f"Python printed: {shown}")
        elif r["name"] == "get_weather":
            sentences.append(_weather(r["result"]) if r["ok"]
                             else f"I could not get the weather for {args.get('city')}: {r['error']}.")
        else:
            sentences.append(f"{r['name']}: {r['result'] if r['ok'] else r['error']}")
    return " ".join(sentences)
