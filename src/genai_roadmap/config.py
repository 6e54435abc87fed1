"""Settings: a small TOML file of flat `key = value` lines beside the progress file (`genai config`).

Read with tomllib (tomli on Python 3.10). Written by changing only the line of the key that
changed, so a learner's comments and ordering survive; a file that does not parse, or holds an
unknown key or a bad value, is refused with its line and never overwritten.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from genai_roadmap import paths
from genai_roadmap.errors import InvalidFileError, UsageError


@dataclass(frozen=True)
class Setting:
    key: str
    kind: str  # "number" or "int"
    help: str
    default: float | int | None = None
    minimum: float = 0  # exclusive for numbers, inclusive for ints
    maximum: float | None = None

    def describe(self) -> str:
        what = "a whole number" if self.kind == "int" else "a number"
        low = f"≥ {self.minimum:g}" if self.kind == "int" else f"> {self.minimum:g}"
        high = f" and ≤ {self.maximum:g}" if self.maximum is not None else ""
        return f"{what} {low}{high}"

    def check(self, value: Any) -> str | None:
        """Why `value` is not acceptable, or None."""
        wrong_type = isinstance(value, bool) or not isinstance(value, (int, float))
        if wrong_type or (self.kind == "int" and isinstance(value, float)) or not math.isfinite(value):
            return f"{self.key} must be {self.describe()}, got {value!r}"
        too_low = value < self.minimum if self.kind == "int" else value <= self.minimum
        if too_low or (self.maximum is not None and value > self.maximum):
            return f"{self.key} must be {self.describe()}, got {value!r}"
        return None

    def parse(self, text: str) -> float | int:
        """The value a command-line string means; UsageError when it means none."""
        try:
            value: float | int = int(text) if self.kind == "int" else float(text)
        except ValueError:
            raise UsageError(f"{self.key} must be {self.describe()}, got {text!r}") from None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        problem = self.check(value)
        if problem:
            raise UsageError(problem)
        return value


SETTINGS: dict[str, Setting] = {s.key: s for s in (
    Setting("hours-per-week", "number", "hours you study a week; genai stats turns estimates into an ETA with it",
            maximum=168),
    Setting("quiz-size", "int", "questions per genai quiz when -n is not given", default=5, minimum=1, maximum=500),
    Setting("stats-weeks", "int", "weeks in the weekly sparkline of genai stats", default=12, minimum=1, maximum=104),
)}

_KEY_LINE = re.compile(r"""^\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[A-Za-z0-9_-]+))\s*=""")
_TABLE_LINE = re.compile(r"^\s*\[")


@dataclass
class Entry:
    key: str
    value: float | int | None  # the value in effect: the file's, else the default
    is_set: bool
    default: float | int | None
    help: str
    accepts: str


@dataclass
class Listing:
    file: Path
    entries: list[Entry]


def setting(key: str) -> Setting:
    if key in SETTINGS:
        return SETTINGS[key]
    close = [k for k in SETTINGS if k.startswith(key)] or difflib.get_close_matches(key, list(SETTINGS), n=1)
    raise UsageError(f"unknown setting '{key}'" + (f" (did you mean '{close[0]}'?)" if close else ""),
                     hint="valid settings: " + ", ".join(SETTINGS))


def _key_of(line: str) -> str | None:
    match = _KEY_LINE.match(line)
    return next((v for v in match.groupdict().values() if v is not None), None) if match else None


def _line_of(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if _key_of(line) == key:
            return number
    return 1


def _parse(file: Path, text: str) -> dict[str, Any]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        where = re.search(r"\(at line (\d+), column (\d+)\)", message)
        line, column = (where.group(1), where.group(2)) if where else (max(1, len(text.splitlines())), 1)
        reason = re.sub(r"\s*\(at [^)]*\)$", "", message)
        raise InvalidFileError(f"the config file {file} is not valid TOML",
                               problems=[f"{file}:{line}:{column}: (toml): {reason}"],
                               hint=f"fix it by hand, or move it aside (it holds only settings): {file}") from None
    problems = []
    for key, value in data.items():
        line = _line_of(text, key)
        if key not in SETTINGS:
            close = difflib.get_close_matches(key, list(SETTINGS), n=1)
            maybe = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(f"{file}:{line}: {key}: unknown setting{maybe}; valid: {', '.join(SETTINGS)}")
            continue
        problem = SETTINGS[key].check(value)
        if problem:
            problems.append(f"{file}:{line}: {key}: {problem}")
    if problems:
        raise InvalidFileError(f"the config file {file} has {len(problems)} problem(s)", problems=problems,
                               hint="fix those lines, or remove them with: genai config unset KEY")
    return data


def _read(file: Path) -> str:
    from genai_roadmap import files

    if not file.exists() and not file.is_symlink():
        return ""
    try:
        return files.read_text(file, files.CONFIG_MAX_BYTES, "config file")
    except files.UnreadableFileError as exc:
        raise InvalidFileError(exc.message, hint=exc.hint, problems=exc.problems) from None


def load() -> dict[str, Any]:
    """The settings in the file (validated); {} when there is no file."""
    file = paths.config_file()
    return _parse(file, _read(file))


def value(key: str) -> Any:
    """The value in effect for a known key: the file's, else the default."""
    return load().get(key, SETTINGS[key].default)


def entry(key: str, values: dict[str, Any]) -> Entry:
    s = SETTINGS[key]
    return Entry(key, values.get(key, s.default), key in values, s.default, s.help, s.describe())


def toml_value(value: float | int) -> str:
    return repr(value)  # ints and floats are valid TOML as Python writes them


def rewrite(key: str, new_line: str | None) -> Entry:
    """Replace (or drop, with None) the key's line, keeping every other line as it is."""
    from genai_roadmap import files, state

    file = paths.config_file()
    with state.locked():
        text = _read(file)
        _parse(file, text)  # never rewrite a file we cannot read back
        lines = text.splitlines(keepends=True)
        found = [i for i, line in enumerate(lines) if _key_of(line) == key]
        if found:
            lines[found[0]:found[0] + 1] = [new_line] if new_line else []
        elif new_line:
            # Flat keys must stay above any [table] a learner added by hand.
            at = next((i for i, line in enumerate(lines) if _TABLE_LINE.match(line)), len(lines))
            if at == len(lines) and lines and not lines[-1].endswith("\n"):
                lines[-1] += "\n"
            lines.insert(at, new_line)
        new_text = "".join(lines)
        if new_text != text:
            file.parent.mkdir(parents=True, exist_ok=True)
            files.write_atomic(file, new_text)
        return entry(key, _parse(file, new_text))
