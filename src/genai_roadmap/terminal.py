"""What reaches the terminal: no control sequences from user data, and text the encoding can carry.

Roadmap titles, notes, imports, hardware names and model configs are user-supplied, and a title
holding ESC or OSC sequences could retitle the window, hide text or rewrite the screen. Rather than
trusting every renderer to escape every field, stdout and stderr are wrapped once (`guard_streams`)
so that every control character is written as a visible `\\uXXXX` escape (also a valid JSON
escape, so `--json` output stays valid). The only sequences let through are the plain colour and
style codes the renderers themselves use (SGR with the parameters in `_SAFE_SGR`); "conceal",
cursor moves, OSC titles and the rest never pass.
"""

from __future__ import annotations

import re
import sys
from typing import Any

# SGR parameters our renderers (and rich's named styles) emit: reset, bold, dim, italic,
# underline, their resets, and the colours we use. Nothing that can hide text is here: no
# conceal (8), no background, no black or white foreground (invisible on a dark or light terminal).
_SAFE_SGR = {0, 1, 2, 3, 4, 22, 23, 24, 31, 32, 33, 34, 35, 36, 39}
_CONTROL = re.compile(r"\x1b\[([0-9;]*)m|[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_UNICODE_PROBE = "█░✔▶○–…━│"


def sanitize(text: str, colour: bool = False) -> str:
    """`text` with every control character but newline and tab made visible and inert; with
    `colour`, the plain style codes in `_SAFE_SGR` pass."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(_replace_keeping_colour if colour else _replace, text)


def _replace(match: re.Match) -> str:
    return "\\u001b" + match.group(0)[1:] if match.group(1) is not None else f"\\u{ord(match.group(0)):04x}"


def _replace_keeping_colour(match: re.Match) -> str:
    params = match.group(1)
    if params is not None and all(p.isdigit() and int(p) in _SAFE_SGR for p in params.split(";") if p):
        return match.group(0)  # a plain style (an empty parameter list is a reset)
    return _replace(match)


class GuardedStream:
    """A text stream that sanitizes everything written through it, delegating the rest."""

    def __init__(self, stream: Any):
        from genai_roadmap.render.core import colour_enabled

        self._stream = stream
        self._colour = colour_enabled(stream)  # no colour wanted: no escape sequence passes at all

    def write(self, text: str) -> int:
        self._stream.write(sanitize(text, self._colour))
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def guard_streams() -> None:
    """Wrap sys.stdout and sys.stderr (once); unencodable characters become escapes, not crashes."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if isinstance(stream, GuardedStream):
            continue
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):
                pass
        setattr(sys, name, GuardedStream(stream))


def unicode_ok(stream: Any = None) -> bool:
    """Whether the stream's encoding can show our bars, boxes and marks (else ASCII stand-ins)."""
    encoding = getattr(stream or sys.stdout, "encoding", None) or "ascii"
    try:
        _UNICODE_PROBE.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


class raw_streams:
    """Unwrap stdout and stderr for an interactive prompt, which draws with its own escape codes.

    Callers sanitize whatever user text the prompt shows (`sanitize`) before handing it over.
    """

    def __enter__(self) -> None:
        self._saved = (sys.stdout, sys.stderr)
        for name in ("stdout", "stderr"):
            stream = getattr(sys, name)
            if isinstance(stream, GuardedStream):
                setattr(sys, name, stream._stream)

    def __exit__(self, *exc: object) -> None:
        sys.stdout, sys.stderr = self._saved
