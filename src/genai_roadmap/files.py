"""Reading the files users hand us, safely: only regular files, never more than a bound.

Every user-supplied file (a roadmap, an export to import, the config, a hardware file, a model
config) is read through `read_text`, so `/dev/zero`, a FIFO or a 4 GB file is refused at once with
a sentence naming the path, and undecodable bytes are reported by line, not by byte offset.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

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
