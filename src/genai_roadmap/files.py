"""Files, safely: bounded reads of what users hand us, and atomic writes of everything we keep.

Every write of a file the tool keeps (progress, backups, config, caches, exports, added roadmaps)
goes through `write_atomic`: a temp file in the same directory, flushed and fsynced, then
`os.replace`, so a reader sees the old file or the new one, never half of one; `move_atomic`
does the same for a directory built elsewhere (a generated project).

Every user-supplied file (a roadmap, an export to import, the config, a hardware file, a model
config) is read through `read_text`, so `/dev/zero`, a FIFO or a 4 GB file is refused at once with
a sentence naming the path, and undecodable bytes are reported by line, not by byte offset.
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path
from typing import Any

from genai_roadmap.errors import GenaiError

MIB = 1024 * 1024
# Documented limits (README, "Limits"). Generous for real files, small enough to fail fast.
ROADMAP_MAX_BYTES = 16 * MIB
IMPORT_MAX_BYTES = 64 * MIB
CONFIG_MAX_BYTES = 1 * MIB
HARDWARE_FILE_MAX_BYTES = 1 * MIB
MODEL_CONFIG_MAX_BYTES = 4 * MIB


class UnreadableFileError(GenaiError):
    """A file is not a regular file, is too large, cannot be opened, or is not UTF-8 text."""


def describe_size(size: int) -> str:
    return f"{size / MIB:.1f} MiB" if size >= MIB else f"{size:,} bytes"


def read_bytes(path: Path, limit: int, what: str = "file") -> bytes:
    """The bytes of a regular file no larger than `limit`; anything else is refused by name."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise UnreadableFileError(f"{what} {path} does not exist") from None
    except IsADirectoryError:
        raise UnreadableFileError(f"{what} {path} is a directory, not a file") from None
    except OSError as exc:
        raise UnreadableFileError(f"cannot open {what} {path}: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableFileError(f"{what} {path} is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFileError(f"{what} {path} is not a regular file (a device, pipe or socket)",
                                      hint="save it to a file first")
        if info.st_size > limit:
            raise UnreadableFileError(f"{what} {path} is {describe_size(info.st_size)}; the limit is "
                                      f"{describe_size(limit)}")
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            total += len(chunk)
            if total > limit:  # the file grew while we read it
                raise UnreadableFileError(f"{what} {path} is larger than the limit of {describe_size(limit)}")
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise UnreadableFileError(f"cannot read {what} {path}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def decode_utf8(raw: bytes, path: Path, what: str = "file") -> str:
    """UTF-8 text; a bad byte is reported as FILE:LINE:COLUMN, the way an editor shows it."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise UnreadableFileError(
            f"{what} {path} is not UTF-8 text",
            problems=[f"{path}:{line}:{column}: (encoding): byte 0x{raw[exc.start]:02x} is not valid UTF-8"],
            hint="save the file as UTF-8",
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def read_text(path: Path, limit: int, what: str = "file") -> str:
    return decode_utf8(read_bytes(path, limit, what), path, what)


def strict_json(text: str) -> Any:
    """json.loads, refusing what is not JSON but Python accepts: NaN, Infinity, 1e400."""
    def constant(name: str) -> Any:
        raise ValueError(f"{name} is not a JSON number")

    def number(literal: str) -> float:
        value = float(literal)
        if value in (float("inf"), float("-inf")):
            raise ValueError(f"{literal} is too large for a number")
        return value

    try:
        return json.loads(text, parse_constant=constant, parse_float=number)
    except json.JSONDecodeError:
        raise
    except ValueError as exc:  # ours: find where the number is, for FILE:LINE:COLUMN
        for match in _JSON_TOKEN.finditer(text):
            if match.group(1):
                raise json.JSONDecodeError(str(exc), text, match.start(1)) from None
        raise


# A JSON string (skipped) or a number Python would read as NaN or infinite.
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|(-?Infinity|NaN|-?\d+(?:\.\d+)?[eE]\+?\d{3,})')


def write_atomic(path: Path, data: str | bytes, fsync: bool = True) -> None:
    """Replace `path` with `data` all at once; the new file is readable by its owner only."""
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            handle.flush()
            if fsync:
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def move_atomic(source: Path, target: Path) -> None:
    """Move a file or directory onto `target` in one step (same file system)."""
    os.replace(source, target)
