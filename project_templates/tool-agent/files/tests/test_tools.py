from __future__ import annotations

import pytest

from {{ cookiecutter.package_name }}.tools import Call, Tool, Toolbox, ToolError, tool
from {{ cookiecutter.package_name }}.toolset import calculator, default_toolbox


@tool
def greet(name: str, excited: bool = False) -> str:
    """Say hello.

    Args:
        name: Who to greet.
    """
    if name == "crash":
        raise RuntimeError("the greeter broke")
    return f"Hello, {name}{'!' if excited else '.'}"


def test_tool_specs_are_what_function_calling_apis_expect():
    assert greet.spec() == {
        "name": "greet", "description": "Say hello.",
        "parameters": {"type": "object", "additionalProperties": False, "required": ["name"],
                       "properties": {"name": {"type": "string", "description": "Who to greet."},
                                      "excited": {"type": "boolean", "default": False}}},
    }
    assert [spec["name"] for spec in default_toolbox().specs()] == ["calculator", "get_weather", "run_python"]


def test_the_toolbox_routes_by_name_and_validates_first():
    box = Toolbox([greet, calculator])
    assert box.invoke("greet", {"name": "Ada", "excited": True}) == "Hello, Ada!"
    with pytest.raises(ToolError, match="unknown tool 'wave'; the tools are: greet, calculator"):
        box.invoke("wave", {})
    with pytest.raises(ToolError, match="invalid arguments for greet: .*'name' is a required property"):
        box.invoke("greet", {"who": "Ada"})
    with pytest.raises(ToolError, match="must be a JSON object"):
        box.invoke("greet", ["Ada"])


def test_a_failing_tool_becomes_a_tool_error_and_a_recorded_call():
    box = Toolbox([greet])
    with pytest.raises(ToolError, match="greet failed: RuntimeError: the greeter broke"):
        box.invoke("greet", {"name": "crash"})
    call = box.run(Call("greet", {"name": "crash"}, "7"))
    assert not call.ok and call.report() == {
        "id": "7", "name": "greet", "arguments": {"name": "crash"}, "ok": False,
        "error": "greet failed: RuntimeError: the greeter broke"}
    assert box.run(Call("greet", {"name": "Bo"})).report()["result"] == "Hello, Bo."
    with pytest.raises(ValueError, match="unique"):
        Toolbox([greet, greet])


def test_declared_schemas_are_checked():
    with pytest.raises(TypeError, match="not a valid JSON Schema"):
        Tool("bad", "no object", {"type": "string"}, str)


@pytest.mark.parametrize("expression,value", [
    ("17 * 23", 391), ("2 ^ 10", 1024), ("sqrt(16) + 1", 5), ("10 / 4", 2.5), ("-(3 - 5) * pi / pi", 2),
    ("round(2 / 3, 3)", 0.667), ("7 // 2 + 7 % 2", 4),
])
def test_calculator(expression, value):
    assert calculator.func(expression) == value


@pytest.mark.parametrize("expression,message", [
    ("factorial(5)", "unsupported function 'factorial'"),
    ("__import__('os')", "unsupported function"),
    ("1 / 0", "cannot compute 1 / 0: division by zero"),
    ("9 ** 9 ** 9", "too large"),
    ("17 apples", "not an arithmetic expression"),
    ("'a' * 3", "unsupported syntax"),
])
def test_calculator_refuses_what_it_cannot_do(expression, message):
    with pytest.raises(ToolError, match=message):
        calculator.func(expression)
