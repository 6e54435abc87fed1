"""The inside of the Python sandbox: `python -I -S -B sandbox_runner.py CONFIG_JSON < code`.

It imports only the standard library, because it runs in isolated mode without site-packages.
In order, it:
1. checks the code's syntax tree against the allow-list (`check`, which the parent also runs
   before starting a process at all);
2. lowers its own limits with `resource` (CPU seconds, address space, file size) where it exists;
3. runs the code with a short list of builtins and an `__import__` that hands out copies of the
   allowed modules without their private names or the modules they import (so that, say,
   `statistics.sys` is not a way out), capturing what it prints;
4. prints one JSON line for the parent: ok, stdout, value (the last expression, like a REPL), error.

This is a teaching sandbox: the process boundary, the empty environment and the limits do most of
the work, and the allow-list keeps honest mistakes out. For code from strangers use a container.
"""

from __future__ import annotations

import ast
import builtins
import io
import json
import sys
import traceback
import types

ALLOWED_MODULES = frozenset({
    "bisect", "cmath", "collections", "datetime", "decimal", "fractions", "functools", "heapq",
    "itertools", "json", "math", "operator", "random", "re", "statistics", "string", "textwrap",
})
FORBIDDEN_NAMES = frozenset({
    "breakpoint", "compile", "delattr", "eval", "exec", "exit", "getattr", "globals", "help", "input",
    "locals", "memoryview", "open", "quit", "setattr", "type", "vars",
})
SAFE_BUILTINS = (
    "abs", "all", "any", "ascii", "bin", "bool", "bytes", "callable", "chr", "classmethod", "complex",
    "dict", "divmod", "enumerate", "filter", "float", "format", "frozenset", "hasattr", "hash", "hex",
    "int", "isinstance", "issubclass", "iter", "len", "list", "map", "max", "min", "next", "object",
    "oct", "ord", "pow", "print", "property", "range", "repr", "reversed", "round", "set", "slice",
    "sorted", "staticmethod", "str", "sum", "super", "tuple", "zip", "__build_class__",
)
MAX_CODE_CHARS = 20_000
FILENAME = "<sandbox>"


class Refused(Exception):
    """The code uses something the sandbox does not allow; nothing was run."""


def check(code: str) -> ast.Module:
    """The parsed code, or Refused saying which line does what is not allowed."""
    if len(code) > MAX_CODE_CHARS:
        raise Refused(f"the code is longer than {MAX_CODE_CHARS} characters")
    try:
        tree = ast.parse(code, FILENAME, "exec")
    except SyntaxError as exc:
        raise Refused(f"line {exc.lineno}: SyntaxError: {exc.msg}") from None
    for node in ast.walk(tree):
        line = getattr(node, "lineno", "?")
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or "."]
            for name in names:
                if getattr(node, "level", 0) or name not in ALLOWED_MODULES:
                    raise Refused(f"line {line}: importing '{name}' is not allowed; "
                                  f"allowed modules: {', '.join(sorted(ALLOWED_MODULES))}")
            private = [a.name for a in node.names if a.name.startswith("_")]
            if isinstance(node, ast.ImportFrom) and private:
                raise Refused(f"line {line}: importing '{private[0]}' is not allowed (no _private names)")
        elif isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            raise Refused(f"line {line}: the attribute '{node.attr}' is not allowed (no _private names)")
        elif isinstance(node, ast.Name) and (node.id in FORBIDDEN_NAMES or node.id.startswith("__")):
            raise Refused(f"line {line}: '{node.id}' is not available in the sandbox")
    return tree


def _lower_limits(cpu_seconds: int, memory_mb: int, file_bytes: int = 1 << 20) -> None:
    try:
        import resource
    except ImportError:  # not POSIX: the parent's wall-clock timeout is the only limit
        return
    wanted = [(resource.RLIMIT_CPU, cpu_seconds), (resource.RLIMIT_AS, memory_mb << 20),
              (resource.RLIMIT_FSIZE, file_bytes)]
    for kind, value in wanted:
        _, hard = resource.getrlimit(kind)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        try:
            resource.setrlimit(kind, (value, value if kind != resource.RLIMIT_CPU else value + 1))
        except (ValueError, OSError):  # e.g. RLIMIT_AS on macOS
            pass


_COPIES: dict[str, types.ModuleType] = {}


def _public_copy(name: str) -> types.ModuleType:
    if name not in _COPIES:
        module = __import__(name)
        # Another name than the real module's: `from json import decoder` must not find the
        # submodule in sys.modules through it.
        copy = types.ModuleType(f"sandbox:{name}", module.__doc__)
        for key, value in vars(module).items():
            if not key.startswith("_") and not isinstance(value, types.ModuleType):
                setattr(copy, key, value)
        _COPIES[name] = copy
    return _COPIES[name]


def _guarded_import(name, globals=None, locals=None, fromlist=(), level=0):
    if level or name not in ALLOWED_MODULES:
        raise ImportError(f"importing '{name}' is not allowed in the sandbox")
    return _public_copy(name)


def _namespace() -> dict:
    safe = {name: getattr(builtins, name) for name in SAFE_BUILTINS}
    safe.update({name: value for name, value in vars(builtins).items()
                 if isinstance(value, type) and issubclass(value, BaseException)})
    safe["__import__"] = _guarded_import
    return {"__builtins__": safe, "__name__": "__sandbox__"}


class _CappedOutput(io.StringIO):
    """Keeps the first `limit` characters of what is printed and notes that there was more."""

    def __init__(self, limit: int):
        super().__init__()
        self.limit, self.truncated = limit, False

    def write(self, text: str) -> int:
        room = self.limit - self.tell()
        if len(text) > room:
            self.truncated = True
            text = text[:max(room, 0)]
        super().write(text)
        return len(text)


def _where(exc: BaseException) -> str:
    lines = [frame.lineno for frame in traceback.extract_tb(exc.__traceback__) if frame.filename == FILENAME]
    return f"line {lines[-1]}: " if lines else ""


def execute(code: str, max_output: int) -> dict:
    """Run checked code; the result the parent reads."""
    output = _CappedOutput(max_output)
    result: dict = {"ok": True, "value": None, "error": None}
    try:
        tree = check(code)
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        namespace = _namespace()
        real_stdout, sys.stdout = sys.stdout, output
        try:
            exec(compile(tree, FILENAME, "exec"), namespace)
            if last is not None:
                value = eval(compile(ast.Expression(last.value), FILENAME, "eval"), namespace)
                result["value"] = None if value is None else repr(value)[:max_output]
        finally:
            sys.stdout = real_stdout
    except Refused as exc:
        result.update(ok=False, error=str(exc))
    except BaseException as exc:  # everything the code raises is reported, even SystemExit
        result.update(ok=False, error=f"{_where(exc)}{type(exc).__name__}: {exc}")
    result["stdout"] = output.getvalue() + ("\n[output truncated]" if output.truncated else "")
    return result


def main() -> None:
    config = json.loads(sys.argv[1])
    code = sys.stdin.read()
    _lower_limits(config["cpu_seconds"], config["memory_mb"])
    print(json.dumps(execute(code, config["max_output"])))


if __name__ == "__main__":
    main()
