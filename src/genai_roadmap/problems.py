"""Located problems: what is wrong with a file, at which line, column and field. One home for all.

Roadmaps, the model catalog, exports to import, the config and the state file all report
problems the same way: `FILE:LINE:COLUMN: FIELD: message`, where FIELD is a path such as
`phases[0].items[2].kind` (`format_path`). `JsonLines` finds the line of a field in JSON text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass


@dataclass
class Problem:
    line: int
    column: int
    field: str
    message: str
    severity: str = "error"  # error | warning: warnings never stop a roadmap from loading

    def format(self, file: str) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{file}:{self.line}:{self.column}: {self.field}: {prefix}{self.message}"


def located(marks: dict[tuple, tuple[int, int]], path: tuple, message: str, severity: str = "error") -> Problem:
    """A problem at `path`, placed at the nearest enclosing node that has a (line, column) in `marks`."""
    where = path
    while where not in marks and where:
        where = where[:-1]
    line, column = marks.get(where, (1, 1))
    return Problem(line, column, format_path(path), message, severity)


def errors_only(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def format_path(path: tuple) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(document)"


def did_you_mean(value: str, choices) -> str:
    """The suffix ` (did you mean 'x'?)` naming the closest of `choices`, or an empty string."""
    import difflib

    close = difflib.get_close_matches(value, list(choices), n=3)
    return f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""


class JsonLines:
    """The line of every key and array element of (valid) JSON text, by path: for error messages."""

    _ATOM = re.compile(r'-?\d+(\.\d+)?([eE][-+]?\d+)?|true|false|null')

    def __init__(self, text: str):
        self.text = text
        self.newlines = [i for i, ch in enumerate(text) if ch == "\n"]
        self.lines: dict[tuple, int] = {(): 1}
        self.pos = 0
        try:
            self._value(())
        except (IndexError, ValueError, RecursionError):  # cannot happen for text json.loads accepted; positions are a nicety
            pass

    def line(self, path: tuple) -> int:
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)

    def _line_at(self, pos: int) -> int:
        return bisect.bisect_left(self.newlines, pos) + 1

    def _skip(self) -> str:
        while self.text[self.pos] in " \t\r\n":
            self.pos += 1
        return self.text[self.pos]

    def _value(self, path: tuple) -> None:
        from json.decoder import scanstring

        ch = self._skip()
        if ch in "{[":
            closing, index = ("}" if ch == "{" else "]"), 0
            self.pos += 1
            if self._skip() == closing:
                self.pos += 1
                return
            while True:
                if ch == "{":
                    self._skip()
                    start = self.pos
                    key, self.pos = scanstring(self.text, self.pos + 1)
                    self.lines[path + (key,)] = self._line_at(start)
                    self._skip()
                    self.pos += 1  # the colon
                    self._value(path + (key,))
                else:
                    self._skip()
                    self.lines[path + (index,)] = self._line_at(self.pos)
                    self._value(path + (index,))
                    index += 1
                if self._skip() == ",":
                    self.pos += 1
                    continue
                self.pos += 1  # the closing bracket
                return
        if ch == '"':
            _, self.pos = scanstring(self.text, self.pos + 1)
            return
        match = self._ATOM.match(self.text, self.pos)
        if not match:
            raise ValueError(self.pos)
        self.pos = match.end()
