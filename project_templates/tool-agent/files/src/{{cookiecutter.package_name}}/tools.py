"""Tools, their JSON Schemas, and the toolbox that routes a model's call to the right function.

A tool is a name, a description, a `parameters` JSON Schema and a Python callable. Write it as a
typed, documented function with `@tool` and the schema is generated; or build `Tool(...)` with a
schema you declare yourself (as `http_tool.py` does). Everything that can go wrong with a call —
an unknown tool, arguments that break the schema, the tool failing — is a `ToolError` whose
message is written for the model to read and act on.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .schema import check_schema, schema_from_signature, validate


class ToolError(RuntimeError):
    """A tool call failed; the message goes back to the model."""


@dataclass
class Tool:
    name: str
    description: str
    parameters: dict[str, Any]
    func: Callable[..., Any]

    def __post_init__(self) -> None:
        check_schema(self.parameters)

    def spec(self) -> dict[str, Any]:
        """The tool as function-calling APIs describe it."""
        return {"name": self.name, "description": self.description, "parameters": self.parameters}


def tool(func: Callable[..., Any] | None = None, *, name: str | None = None):
    """`@tool` or `@tool(name="...")`: a Tool whose schema comes from the function's signature."""

    def wrap(f: Callable[..., Any]) -> Tool:
        description, parameters = schema_from_signature(f)
        return Tool(name or f.__name__, description, parameters, f)

    return wrap(func) if func is not None else wrap


@dataclass
class Call:
    """One tool call as the model asked for it, and what came of it."""

    name: str
    arguments: dict[str, Any]
    id: str = ""
    result: Any = None
    error: str | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None

    def report(self) -> dict[str, Any]:
        """What the model is shown about this call."""
        outcome = {"result": self.result} if self.ok else {"error": self.error}
        return {"id": self.id, "name": self.name, "arguments": self.arguments, "ok": self.ok, **outcome}


@dataclass
class Toolbox:
    tools: list[Tool] = field(default_factory=list)

    def __post_init__(self) -> None:
        names = [t.name for t in self.tools]
        if len(set(names)) != len(names):
            raise ValueError(f"tool names must be unique: {names}")

    def names(self) -> list[str]:
        return [t.name for t in self.tools]

    def specs(self) -> list[dict[str, Any]]:
        return [t.spec() for t in self.tools]

    def get(self, name: str) -> Tool:
        for candidate in self.tools:
            if candidate.name == name:
                return candidate
        raise ToolError(f"unknown tool '{name}'; the tools are: {', '.join(self.names())}")

    def invoke(self, name: str, arguments: Any) -> Any:
        """Route a call: find the tool, validate the arguments, run it. Raises ToolError."""
        chosen = self.get(name)
        if not isinstance(arguments, dict):
            raise ToolError(f"the arguments of {name} must be a JSON object, not {json.dumps(arguments)}")
        problems = validate(arguments, chosen.parameters)
        if problems:
            raise ToolError(f"invalid arguments for {name}: " + "; ".join(problems))
        try:
            return chosen.func(**arguments)
        except ToolError:
            raise
        except Exception as exc:  # a bug or a bad input inside the tool: the model should know
            raise ToolError(f"{name} failed: {type(exc).__name__}: {exc}") from exc

    def run(self, call: Call) -> Call:
        """Invoke a call and record its result or error and how long it took."""
        started = time.perf_counter()
        try:
            call.result = self.invoke(call.name, call.arguments)
        except ToolError as exc:
            call.error = str(exc)
        call.seconds = time.perf_counter() - started
        return call
