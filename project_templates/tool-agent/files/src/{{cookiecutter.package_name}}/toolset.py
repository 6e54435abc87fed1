"""The agent's tools: a calculator (schema from its signature), the weather API and the Python sandbox."""

from __future__ import annotations

import ast
import math
import operator

import httpx

from .http_tool import weather_tool
from .sandbox import PythonSandbox, python_tool
from .tools import Toolbox, ToolError, tool

_BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
           ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod, ast.Pow: operator.pow}
_UNARY = {ast.UAdd: operator.pos, ast.USub: operator.neg}
FUNCTIONS = {"sqrt": math.sqrt, "abs": abs, "round": round, "min": min, "max": max, "log": math.log,
             "log10": math.log10, "exp": math.exp, "sin": math.sin, "cos": math.cos, "tan": math.tan}
CONSTANTS = {"pi": math.pi, "e": math.e}
MAX_EXPONENT = 1000
MAX_BITS = 4000


def _evaluate(node: ast.AST) -> float:
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return node.value
    if isinstance(node, ast.Name) and node.id in CONSTANTS:
        return CONSTANTS[node.id]
    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        return _UNARY[type(node.op)](_evaluate(node.operand))
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        left, right = _evaluate(node.left), _evaluate(node.right)
        if isinstance(node.op, ast.Pow) and abs(right) > MAX_EXPONENT and abs(left) > 1:
            raise ToolError(f"{left} ** {right} is too large to compute")
        value = _BINARY[type(node.op)](left, right)
        if isinstance(value, int) and value.bit_length() > MAX_BITS:
            raise ToolError("the result is too large to compute")
        return value
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
        if node.func.id not in FUNCTIONS:
            raise ToolError(f"unsupported function '{node.func.id}'; the calculator knows: "
                            f"{', '.join(FUNCTIONS)} (use run_python for anything else)")
        return FUNCTIONS[node.func.id](*(_evaluate(arg) for arg in node.args))
    raise ToolError(f"unsupported syntax '{ast.unparse(node)}': use numbers, + - * / // % ** and parentheses")


@tool
def calculator(expression: str) -> float:
    """Evaluate an arithmetic expression exactly, e.g. "17 * 23" or "sqrt(2) ** 2".

    It knows + - * / // % ** (^ means **), parentheses, the constants pi and e, and the
    functions sqrt, abs, round, min, max, log, log10, exp, sin, cos and tan.

    Args:
        expression: Numbers and operators only, no units or words.
    """
    try:
        tree = ast.parse(expression.replace("^", "**").replace("×", "*").replace("÷", "/"), mode="eval")
    except SyntaxError:
        raise ToolError(f"'{expression}' is not an arithmetic expression") from None
    try:
        value = _evaluate(tree.body)
    except (ArithmeticError, ValueError, TypeError) as exc:
        raise ToolError(f"cannot compute {expression}: {exc}") from None
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return round(value, 12) if isinstance(value, float) else value


def default_toolbox(api_url: str | None = None, transport: httpx.BaseTransport | None = None,
                    sandbox: PythonSandbox | None = None) -> Toolbox:
    """calculator, get_weather (the API at `api_url`, else the offline stub) and run_python."""
    return Toolbox([calculator, weather_tool(api_url, transport), python_tool(sandbox)])
