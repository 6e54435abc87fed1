"""The learner's progress: one versioned, human-readable JSON file that is never lost.

Reads need no lock: writes replace the file atomically (temp file in the same directory, then
`os.replace`), so a reader sees the old file or the new one, never half of one. Writes take a file
lock, re-read the file under it and keep the previous version as `state.json.bak`, so two
processes ticking items at once both land. A file that cannot be trusted (corrupt, or written by a
newer version) is refused, never overwritten.

Layout (schema_version 1):

    {
      "schema_version": 1,
      "active_roadmap": "zero-to-hero",
      "roadmaps": {
        "zero-to-hero": {
          "items": {
            "p0-linear-algebra": {"status": "done", "updated": "2026-11-23T10:00:00+00:00", "note": "...",
                                  "done_at": "2026-11-23T10:00:00+00:00",
                                  "notes": [{"at": "2026-11-23T10:05:00+00:00", "text": "..."}]},
            "q-attention": {"quiz": {"repetitions": 1, "interval_days": 1, "ease": 2.6, "due": "2026-11-24",
                                     "last": "...", "history": [{"at": "...", "grade": "knew"}]}}
          }
        }
      }
    }

`updated` is when the status or the `genai check --note` last changed; `done_at` when the item last
became done; `notes` are the dated notes of `genai note`; `quiz` is the item's spaced-repetition
schedule (see srs.py); `exercises` is the progress of `genai exercise` ({id: {started, dir, hints,
solved}}); `verified` the evidence that the item was proven done (by a project or an exercise). All
but `status`/`updated` are optional, added without a schema change.
"""

from __future__ import annotations

import json
import math
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from genai_roadmap import files, paths
from genai_roadmap.errors import StateError
from genai_roadmap.problems import format_path

SCHEMA_VERSION = 1
STATUSES = ("done", "in_progress", "skipped")
_ROADMAP_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")  # the id rule of roadmap.ID_PATTERN, bounded
MAX_NOTE_CHARS = 10_000  # one note (documented in the README's "Limits")
LOCK_TIMEOUT_SECONDS = 15


class StateTooNewError(StateError):
    """The file is fine, just from the future: the fix is an upgrade, not a repair."""


def empty_state() -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION, "active_roadmap": None, "roadmaps": {}}


def now_iso() -> str:
    from genai_roadmap import (
        clock,  # only writes need the time: keep it off the read path
    )

    return clock.now_iso()


def _problem(path: Path, data: Any) -> str | None:
    """Why this parsed file is not a state file we may use, or None when it is."""
    if not isinstance(data, dict):
        return "the top level is not a JSON object"
    version = data.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int):
        return "'schema_version' is missing or not an integer"
    if version > SCHEMA_VERSION:
        return None  # reported separately: it needs an upgrade, not a repair
    if version < 1:
        return f"'schema_version' {version} is not a version genai-roadmap ever wrote"
    active = data.get("active_roadmap")
    if active is not None and (not isinstance(active, str) or not _ROADMAP_ID.match(active)):
        return f"'active_roadmap' is {active!r}, not a roadmap id (lowercase letters, digits and dashes)"
    roadmaps = data.get("roadmaps")
    if not isinstance(roadmaps, dict):
        return "'roadmaps' is missing or not an object"
    for roadmap_id, entry in roadmaps.items():
        items = entry.get("items") if isinstance(entry, dict) else None
        if not isinstance(items, dict):
            return f"'roadmaps.{roadmap_id}.items' is missing or not an object"
        for item_id, record in items.items():
            if not isinstance(record, dict):
                return f"'roadmaps.{roadmap_id}.items.{item_id}' is not an object"
            if record.get("status") is not None and record["status"] not in STATUSES:
                return f"'roadmaps.{roadmap_id}.items.{item_id}.status' is {record['status']!r}"
            for where, why in record_problems(record):
                return f"'roadmaps.{roadmap_id}.items.{item_id}.{format_path(where)}' {why}"
    return None


def record_problems(record: dict[str, Any]) -> Iterator[tuple[tuple, str]]:
    """(field path, what is wrong) for each optional field of an item record that has the wrong type.

    Shared with `genai import`, which checks an export's records the same way.
    """
    for key in ("updated", "done_at", "note"):
        if record.get(key) is not None and not isinstance(record[key], str):
            yield (key,), "is not a string"
    if isinstance(record.get("note"), str) and len(record["note"]) > MAX_NOTE_CHARS:
        yield ("note",), f"is longer than {MAX_NOTE_CHARS:,} characters"
    notes = record.get("notes")
    if notes is not None:
        if not isinstance(notes, list):
            yield ("notes",), "is not a list"
        else:
            for index, entry in enumerate(notes):
                if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in ("at", "text")):
                    yield ("notes", index), "is not an object with 'at' and 'text' strings"
                elif len(entry["text"]) > MAX_NOTE_CHARS:
                    yield ("notes", index, "text"), f"is longer than {MAX_NOTE_CHARS:,} characters"
    yield from _evidence_problems(record)
    quiz = record.get("quiz")
    if quiz is None:
        return
    if not isinstance(quiz, dict):
        yield ("quiz",), "is not an object"
        return
    from genai_roadmap import clock
    from genai_roadmap.srs import GRADES
    for key in ("repetitions", "interval_days"):
        value = quiz.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            yield ("quiz", key), f"is {value!r}, not a whole number ≥ 0"
    ease = quiz.get("ease")
    if ease is not None and (isinstance(ease, bool) or not isinstance(ease, (int, float))
                             or not math.isfinite(ease) or not 0 < ease <= 100):
        yield ("quiz", "ease"), f"is {ease!r}, not a positive finite number"
    if quiz.get("due") is not None and clock.parse_date(quiz["due"]) is None:
        yield ("quiz", "due"), f"is {quiz['due']!r}, not a date (YYYY-MM-DD)"
    if quiz.get("last") is not None and not isinstance(quiz["last"], str):
        yield ("quiz", "last"), "is not a string"
    history = quiz.get("history")
    if history is not None:
        if not isinstance(history, list):
            yield ("quiz", "history"), "is not a list"
            return
        for index, entry in enumerate(history):
            if not isinstance(entry, dict) or not isinstance(entry.get("at"), str):
                yield ("quiz", "history", index), "is not an object with an 'at' string"
            elif entry.get("grade") not in GRADES:
                yield ("quiz", "history", index, "grade"), f"is {entry.get('grade')!r}, not one of {', '.join(GRADES)}"


def _evidence_problems(record: dict[str, Any]) -> Iterator[tuple[tuple, str]]:
    """Types of `verified` (the shared evidence record) and `exercises` (genai exercise's progress)."""
    verified = record.get("verified")
    if verified is not None and verified is not True:
        if not isinstance(verified, dict):
            yield ("verified",), "is not an object"
        else:
            for key in ("at", "by", "commit", "project_dir", "exercise"):
                if verified.get(key) is not None and not isinstance(verified[key], str):
                    yield ("verified", key), "is not a string"
            if verified.get("passed") is not None and not isinstance(verified["passed"], bool):
                yield ("verified", "passed"), "is not true or false"
            tests = verified.get("tests")
            if tests is not None and not (isinstance(tests, dict) and all(
                    isinstance(tests.get(k), int) and not isinstance(tests.get(k), bool) and tests[k] >= 0
                    for k in ("passed", "failed") if k in tests)):
                yield ("verified", "tests"), "is not an object of whole numbers 'passed' and 'failed'"
            if verified.get("acceptance") is not None and not isinstance(verified["acceptance"], list):
                yield ("verified", "acceptance"), "is not a list"
    exercises = record.get("exercises")
    if exercises is None:
        return
    if not isinstance(exercises, dict):
        yield ("exercises",), "is not an object"
        return
    for name, entry in exercises.items():
        if not isinstance(entry, dict):
            yield ("exercises", name), "is not an object"
            continue
        for key in ("started", "solved", "dir"):
            if entry.get(key) is not None and not isinstance(entry[key], str):
                yield ("exercises", name, key), "is not a string"
        hints = entry.get("hints")
        if hints is not None and (isinstance(hints, bool) or not isinstance(hints, int) or not 0 <= hints <= 100):
            yield ("exercises", name, "hints"), f"is {hints!r}, not a whole number from 0 to 100"


def read_state(path: Path | None = None) -> dict[str, Any]:
    """The state, or an empty one when no file exists yet. Raises StateError, never resets."""
    path = path or paths.state_file()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return empty_state()
    except IsADirectoryError:
        raise StateError(f"the progress file {path} is a directory, not a file; it was left untouched",
                         hint="move it aside and start fresh with: genai state repair --reset") from None
    except OSError as exc:
        raise StateError(f"cannot read the progress file {path}: {exc.strerror}",
                         hint=f"check the permissions of {path}") from None
    try:
        from genai_roadmap.files import strict_json

        data = strict_json(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _corrupt(path, f"it is not valid JSON ({exc})") from None
    problem = _problem(path, data)
    if problem:
        raise _corrupt(path, problem)
    if data["schema_version"] > SCHEMA_VERSION:
        raise StateTooNewError(
            f"the progress file {path} was written by a newer genai-roadmap "
            f"(schema_version {data['schema_version']}, this version understands {SCHEMA_VERSION}); "
            "it was left untouched",
            hint="upgrade: pip install --upgrade genai-roadmap",
        )
    data.setdefault("active_roadmap", None)
    return data


def _corrupt(path: Path, why: str) -> StateError:
    backup = paths.state_backup_file()
    if path != backup and usable(backup):
        hint = f"a backup of the previous version is at {backup}; restore it with: genai state repair"
    else:
        hint = "fix the file by hand, or keep it aside and start fresh with: genai state repair --reset"
    return StateError(f"the progress file {path} is damaged: {why}; it was left untouched", hint=hint)


def usable(path: Path) -> bool:
    """Whether `path` is a state file this version can restore from."""
    try:
        return path.is_file() and bool(read_state(path))
    except StateError:
        return False


def serialise(state: dict[str, Any]) -> str:
    # Sorted keys and one field a line keep the file readable and its git diffs small.
    return json.dumps(state, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@contextmanager
def locked() -> Iterator[None]:
    from filelock import FileLock, Timeout

    lock_path = paths.state_lock_file()
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with FileLock(str(lock_path), timeout=LOCK_TIMEOUT_SECONDS):
            yield
    except Timeout:
        raise StateError(
            f"another genai process has held the lock {lock_path} for {LOCK_TIMEOUT_SECONDS}s",
            hint="wait for it to finish and try again",
        ) from None


@contextmanager
def update_state() -> Iterator[dict[str, Any]]:
    """Read the state under the lock, let the caller change it, then write it back atomically."""
    path = paths.state_file()
    with locked():
        state = read_state(path)
        before = serialise(state)
        yield state
        after = serialise(state)
        if after == before:
            return
        try:
            if path.exists():
                files.write_atomic(paths.state_backup_file(), path.read_text(encoding="utf-8"))
            files.write_atomic(path, after)
        except OSError as exc:
            raise StateError(f"cannot write the progress file {path}: {exc.strerror or exc}; nothing was changed",
                             hint=f"make {path.parent} writable, or set GENAI_HOME to a writable directory") from None
        _remove_stray_temp_files(path)


def _remove_stray_temp_files(path: Path) -> None:
    # Every state write holds the lock, so a temp file seen under it is left by a killed write.
    for name in (path.name, paths.state_backup_file().name):
        for stray in path.parent.glob(f".{name}.*.tmp"):
            try:
                stray.unlink()
            except OSError:
                pass


def check_note(text: str) -> str:
    """A note as stored: refused beyond `MAX_NOTE_CHARS` (a pasted file is not a note)."""
    if len(text) > MAX_NOTE_CHARS:
        from genai_roadmap.errors import UsageError

        raise UsageError(f"the note is {len(text):,} characters; the limit is {MAX_NOTE_CHARS:,}")
    return text


def roadmap_records(state: dict[str, Any], roadmap_id: str) -> dict[str, dict[str, Any]]:
    return state.get("roadmaps", {}).get(roadmap_id, {}).get("items", {})


def set_status(state: dict[str, Any], roadmap_id: str, item_id: str, status: str | None,
               note: str | None = None) -> dict[str, Any]:
    """Record a status (None clears it) and optionally a note; returns the item's record."""
    items = state.setdefault("roadmaps", {}).setdefault(roadmap_id, {}).setdefault("items", {})
    record = items.setdefault(item_id, {})
    if status == "done" and record.get("status") != "done":
        record["done_at"] = now_iso()  # what `genai stats` counts: a later --note must not move it
    elif status != "done":
        record.pop("done_at", None)
    if status is None:
        record.pop("status", None)
    else:
        record["status"] = status
    if note is not None:
        record["note"] = note
    record["updated"] = now_iso()
    if set(record) == {"updated"}:
        del items[item_id]  # nothing left worth keeping
    return record


def item_record(state: dict[str, Any], roadmap_id: str, item_id: str, aliases=()) -> dict[str, Any]:
    """The item's record (created when missing), after adopting one recorded under an old id."""
    items = state.setdefault("roadmaps", {}).setdefault(roadmap_id, {}).setdefault("items", {})
    for alias in aliases:
        if alias in items and item_id not in items:
            items[item_id] = items.pop(alias)
    return items.setdefault(item_id, {})
