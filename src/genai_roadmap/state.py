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
            "p0-linear-algebra": {"status": "done", "updated": "2026-11-23T10:00:00+00:00", "note": "..."}
          }
        }
      }
    }
"""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from genai_roadmap import paths
from genai_roadmap.errors import StateError

SCHEMA_VERSION = 1
STATUSES = ("done", "in_progress", "skipped")
LOCK_TIMEOUT_SECONDS = 15


class StateTooNewError(StateError):
    """The file is fine, just from the future: the fix is an upgrade, not a repair."""


def empty_state() -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION, "active_roadmap": None, "roadmaps": {}}


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


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
    return None


def read_state(path: Path | None = None) -> dict[str, Any]:
    """The state, or an empty one when no file exists yet. Raises StateError, never resets."""
    path = path or paths.state_file()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return empty_state()
    except OSError as exc:
        raise StateError(f"cannot read the progress file {path}: {exc.strerror}") from None
    try:
        data = json.loads(raw.decode("utf-8"))
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
    hint = (
        f"a backup of the previous version is at {backup}; restore it with: genai state repair"
        if backup.exists()
        else "fix the file by hand, or move it aside and start fresh with: genai state repair --reset"
    )
    return StateError(f"the progress file {path} is damaged: {why}; it was left untouched", hint=hint)


def _write_atomic(path: Path, text: str) -> None:
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def serialise(state: dict[str, Any]) -> str:
    # Sorted keys and one field a line keep the file readable and its git diffs small.
    return json.dumps(state, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@contextmanager
def _locked() -> Iterator[None]:
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
    with _locked():
        state = read_state(path)
        before = serialise(state)
        yield state
        after = serialise(state)
        if after == before:
            return
        if path.exists():
            _write_atomic(paths.state_backup_file(), path.read_text(encoding="utf-8"))
        _write_atomic(path, after)


def roadmap_records(state: dict[str, Any], roadmap_id: str) -> dict[str, dict[str, Any]]:
    return state.get("roadmaps", {}).get(roadmap_id, {}).get("items", {})


def set_status(state: dict[str, Any], roadmap_id: str, item_id: str, status: str | None,
               note: str | None = None) -> dict[str, Any]:
    """Record a status (None clears it) and optionally a note; returns the item's record."""
    items = state.setdefault("roadmaps", {}).setdefault(roadmap_id, {}).setdefault("items", {})
    record = items.setdefault(item_id, {})
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


# --- repair -------------------------------------------------------------------------------------
def repair(reset: bool = False) -> str:
    """Make the state usable again, keeping every file it replaces. Returns what it did."""
    path, backup = paths.state_file(), paths.state_backup_file()
    with _locked():
        try:
            read_state(path)
            return f"the progress file {path} is fine; nothing to repair"
        except StateTooNewError:
            if not reset:
                raise
            damage = "written by a newer genai-roadmap"
        except StateError as problem:
            damage = problem.message
        backup_ok = False
        if backup.exists():
            try:
                read_state(backup)
                backup_ok = True
            except StateError:
                pass
        if not backup_ok and not reset:
            raise StateError(
                f"{damage.split(';')[0]}, and there is no usable backup",
                hint="move it aside and start fresh with: genai state repair --reset",
            )
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        kept = path.with_name(f"{path.name}.broken-{stamp}")
        kept.write_bytes(path.read_bytes())
        if backup_ok:
            _write_atomic(path, backup.read_text(encoding="utf-8"))
            return f"restored {path} from the backup {backup}; the damaged file was kept as {kept}"
        _write_atomic(path, serialise(empty_state()))
        return f"started a fresh progress file {path}; the damaged file was kept as {kept}"
