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
            "q-attention": {"quiz": {"fsrs": {"state": 2, "stability": 2.31, "difficulty": 2.12, ...},
                                     "interval_days": 2, "due": "2026-11-25", "last": "...",
                                     "history": [{"at": "...", "grade": "knew"}]}}
          }
        }
      }
    }

`updated` is when the status or the `genai check --note` last changed; `done_at` when the item last
became done; `notes` are the dated notes of `genai note`; `quiz` is the item's spaced-repetition
schedule (FSRS; records of the older SM-2 scheduler are migrated as srs.py says); `exercises` is
the progress of `genai exercise` ({id: {started, dir, hints, solved}}); `verified` the evidence that
the item was proven done (by a project or an exercise). All but `status`/`updated` are optional,
added without a schema change.
"""

from __future__ import annotations

import json
import math
import re
from contextlib import contextmanager
from datetime import datetime
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
    yield from _verified_problems(record.get("verified"))
    yield from _exercise_problems(record.get("exercises"))
    quiz = record.get("quiz")
    if quiz is None:
        return
    if not isinstance(quiz, dict):
        yield ("quiz",), "is not an object"
        return
    from genai_roadmap import clock
    from genai_roadmap.srs import GRADES
    yield from _sm2_problems(quiz, ("quiz",))
    sm2 = quiz.get("sm2")  # the SM-2 numbers a migrated record keeps (srs.migrate)
    if sm2 is not None:
        if isinstance(sm2, dict):
            yield from _sm2_problems(sm2, ("quiz", "sm2"))
        else:
            yield ("quiz", "sm2"), "is not an object"
    card = quiz.get("fsrs")
    if card is not None:
        if isinstance(card, dict):
            yield from _fsrs_problems(card)
        else:
            yield ("quiz", "fsrs"), "is not an object"
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


def _verified_problems(value: Any) -> Iterator[tuple[tuple, str]]:
    """Types of the `verified` evidence (written by `genai verify` and solved exercises)."""
    if value is None or isinstance(value, bool):
        return
    if not isinstance(value, dict):
        yield ("verified",), "is not true/false or an object of evidence"
        return
    for key in ("at", "by", "commit", "project_dir", "exercise"):
        if value.get(key) is not None and not isinstance(value[key], str):
            yield ("verified", key), "is not a string"
    if value.get("passed") is not None and not isinstance(value["passed"], bool):
        yield ("verified", "passed"), "is not true or false"
    tests = value.get("tests")
    if tests is not None:
        if not isinstance(tests, dict):
            yield ("verified", "tests"), "is not an object"
        else:
            for key in ("passed", "failed"):
                count = tests.get(key)
                if count is not None and (isinstance(count, bool) or not isinstance(count, int) or count < 0):
                    yield ("verified", "tests", key), f"is {count!r}, not a whole number ≥ 0"
    checks = value.get("acceptance")
    if checks is not None:
        if not isinstance(checks, list):
            yield ("verified", "acceptance"), "is not a list"
            return
        for index, check in enumerate(checks):
            if (not isinstance(check, dict) or not isinstance(check.get("name"), str)
                    or not isinstance(check.get("passed"), bool)
                    or not isinstance(check.get("detail", ""), str)):
                yield ("verified", "acceptance", index), "is not an object with 'name', 'passed' and 'detail'"


def _exercise_problems(exercises: Any) -> Iterator[tuple[tuple, str]]:
    """Types of `exercises`, the progress `genai exercise` keeps on an item."""
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


def _number(value: Any) -> bool:
    return not isinstance(value, bool) and isinstance(value, (int, float)) and math.isfinite(value)


def _sm2_problems(quiz: dict[str, Any], where: tuple) -> Iterator[tuple[tuple, str]]:
    for key in ("repetitions", "interval_days"):
        value = quiz.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            yield (*where, key), f"is {value!r}, not a whole number ≥ 0"
    ease = quiz.get("ease")
    if ease is not None and not (_number(ease) and 0 < ease <= 100):
        yield (*where, "ease"), f"is {ease!r}, not a positive finite number"


def _fsrs_problems(card: dict[str, Any]) -> Iterator[tuple[tuple, str]]:
    """The FSRS card of a quiz record (srs.py): what fsrs.Card.from_dict and the scheduler rely on."""
    from genai_roadmap.srs import FSRS_STATES

    if card.get("state") not in FSRS_STATES or isinstance(card.get("state"), bool):
        yield ("quiz", "fsrs", "state"), f"is {card.get('state')!r}, not one of {', '.join(map(str, FSRS_STATES))}"
    step = card.get("step")
    if step is not None and (isinstance(step, bool) or not isinstance(step, int) or not 0 <= step <= 100):
        yield ("quiz", "fsrs", "step"), f"is {step!r}, not a whole number ≥ 0"
    stability = card.get("stability")
    if stability is not None and not (_number(stability) and 0 < stability <= 1_000_000):
        yield ("quiz", "fsrs", "stability"), f"is {stability!r}, not a positive finite number of days"
    difficulty = card.get("difficulty")
    if difficulty is not None and not (_number(difficulty) and 1 <= difficulty <= 10):
        yield ("quiz", "fsrs", "difficulty"), f"is {difficulty!r}, not a number from 1 to 10"
    for key in ("due", "last_review"):
        value = card.get(key)
        if value is None and key == "last_review":
            continue
        try:
            moment = datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            yield ("quiz", "fsrs", key), f"is {value!r}, not a date and time with its UTC offset"
