"""The tiny test runner behind `genai exercise check` (standard library only).

An exercise's tests are plain functions named `test_*` that use `expect` and `close` (or bare
`assert`). `genai exercise check` runs this file as a script in a subprocess with a timeout, so a
learner's endless loop or crash never takes the CLI with it:

    python -I exercise_check.py EXERCISE_FILE TESTS_FILE

and reads one result line (`RESULT_MARKER` + JSON) from its stdout. The project's own tests call
`run()` in-process to prove every exercise fails as shipped and passes with its solution.

The tests import the learner's code as `exercise` and these helpers as `genai_check`.
"""

from __future__ import annotations

import importlib.util
import io
import json
import math
import sys
import traceback
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from types import ModuleType
from typing import Any

RESULT_MARKER = "GENAI-EXERCISE-RESULT "
MAX_REPR = 300  # characters of an expected or actual value shown
MAX_OUTPUT = 4000  # characters of what the learner's code printed, kept for the report


class Mismatch(AssertionError):
    """A check that names what was checked, what was expected and what came back."""

    def __init__(self, what: str, expected: Any, got: Any, note: str = ""):
        self.what, self.expected, self.got, self.note = what, expected, got, note
        super().__init__(f"{what}: expected {_short(expected)}, got {_short(got)}" + (f" ({note})" if note else ""))


def expect(got: Any, expected: Any, what: str) -> None:
    """Fail unless got == expected."""
    if got != expected:
        raise Mismatch(what, expected, got)


def close(got: Any, expected: Any, what: str, tol: float = 1e-6) -> None:
    """Fail unless got equals expected within `tol` (numbers, or lists/tuples of them, nested)."""
    if not _close(got, expected, tol):
        raise Mismatch(what, expected, got, f"tolerance {tol:g}")


def _close(got: Any, expected: Any, tol: float) -> bool:
    if isinstance(expected, (list, tuple)):
        return (isinstance(got, (list, tuple)) and len(got) == len(expected)
                and all(_close(g, e, tol) for g, e in zip(got, expected)))
    if isinstance(expected, dict):
        return isinstance(got, dict) and set(got) == set(expected) and all(
            _close(got[k], expected[k], tol) for k in expected)
    if isinstance(expected, bool) or not isinstance(expected, (int, float)):
        return got == expected
    try:
        value = float(got)
    except (TypeError, ValueError, OverflowError):
        return False
    if math.isinf(expected):
        return value == expected
    return math.isfinite(value) and abs(value - expected) <= tol * max(1.0, abs(expected))


def _short(value: Any) -> str:
    try:
        text = repr(value)
    except Exception as exc:  # a learner's object whose __repr__ fails
        text = f"<unprintable {type(value).__name__}: {exc}>"
    return text if len(text) <= MAX_REPR else text[:MAX_REPR] + "…"


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _where(exc: BaseException, exercise_file: Path) -> int | None:
    """The last line of the learner's file in the traceback, if the error passed through it."""
    line = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if Path(frame.f_code.co_filename).resolve() == exercise_file:
            line = lineno
    if line is None and isinstance(exc, SyntaxError) and exc.filename and Path(exc.filename).resolve() == exercise_file:
        line = exc.lineno
    return line


def _failure(name: str, exc: BaseException, exercise_file: Path) -> dict[str, Any]:
    outcome: dict[str, Any] = {"name": name, "passed": False, "line": _where(exc, exercise_file)}
    if isinstance(exc, Mismatch):
        outcome.update(kind="mismatch", message=str(exc), what=exc.what,
                       expected=_short(exc.expected), got=_short(exc.got))
    elif isinstance(exc, NotImplementedError):
        outcome.update(kind="not_written", message=str(exc) or "raises NotImplementedError")
    elif isinstance(exc, AssertionError):
        outcome.update(kind="assertion", message=str(exc) or "an assert failed")
    else:
        detail = str(exc)[:MAX_REPR]
        outcome.update(kind="error", message=f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__)
    return outcome


class _Bounded(io.StringIO):
    """Keeps the first MAX_OUTPUT characters printed and drops the rest (a print loop cannot fill memory)."""

    def write(self, text: str) -> int:
        room = MAX_OUTPUT + 1 - self.tell()
        if room > 0:
            super().write(text[:room])
        return len(text)


def run(exercise_file: Path, tests_file: Path) -> dict[str, Any]:
    """Run every `test_*` function of `tests_file` against `exercise_file`; never raises for the learner's faults."""
    exercise_file = Path(exercise_file).resolve()
    saved = {name: sys.modules.get(name) for name in ("exercise", "genai_check")}
    output = _Bounded()
    result: dict[str, Any] = {"tests": [], "error": None}
    try:
        sys.modules["genai_check"] = sys.modules[__name__]
        with redirect_stdout(output), redirect_stderr(output):
            try:
                sys.modules["exercise"] = _load("exercise", exercise_file)
            except BaseException as exc:  # SyntaxError, an import-time crash, even SystemExit
                if isinstance(exc, KeyboardInterrupt):
                    raise
                result["error"] = _failure("loading exercise.py", exc, exercise_file)
                return result
            try:
                tests = _load("exercise_tests", Path(tests_file))
            except ImportError as exc:  # e.g. a function renamed in exercise.py: the tests cannot find it
                result["error"] = {"name": "loading the tests", "passed": False, "kind": "missing", "line": None,
                                   "message": f"the tests need something exercise.py does not define: {exc}"}
                return result
            for name, func in list(vars(tests).items()):
                if not name.startswith("test_") or not callable(func):
                    continue
                try:
                    func()
                except KeyboardInterrupt:
                    raise
                except BaseException as exc:
                    result["tests"].append(_failure(name, exc, exercise_file))
                else:
                    result["tests"].append({"name": name, "passed": True})
    finally:
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
        result["output"] = output.getvalue()[:MAX_OUTPUT]
    return result


def main(argv: list[str]) -> int:
    # The learner's prints are captured inside run(); the result is the one marked line we print.
    sys.setrecursionlimit(5000)
    result = run(Path(argv[0]), Path(argv[1]))
    sys.stdout.write("\n" + RESULT_MARKER + json.dumps(result, ensure_ascii=True) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.modules.setdefault("genai_roadmap.exercise_check", sys.modules["__main__"])
    raise SystemExit(main(sys.argv[1:]))
