"""`genai import`: a JSON export back in, merged record by record, never dropping local data.

Import checks the whole file first — every problem as FILE:LINE: FIELD: message — and changes
nothing unless it is clean; then it merges record by record through `state.update_state`, and
the newer data always wins:

* status, `updated`, `done_at`, the check note and any other field of the record (such as the
  project directory `genai new` records) travel together: the side with the later `updated` wins;
  the losing side's check note is kept among the dated notes, so no note is ever dropped;
* dated notes are united (the same note twice is kept once);
* the quiz schedule of the side answered last wins; the answer histories are united.
Times from the future (beyond a day of clock skew) are refused: they would win every merge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterator

from genai_roadmap import clock, roadmap, state
from genai_roadmap.errors import GenaiError, InvalidFileError, UsageError
from genai_roadmap.problems import JsonLines, format_path
from genai_roadmap.render.export import ENTRY_META, SCHEMA_NAME, SCHEMA_VERSION
from genai_roadmap.roadmap import Roadmap

MERGED_APART = ("notes", "quiz")  # merged on their own; every other field travels with the status
FOLLOW_STATUS = ("status", "done_at")  # absent on the newer side means: not (or no longer) done
# the schedule travels whole from the side answered last: its FSRS card (or, from an older export, its
# SM-2 numbers; srs.migrate reads either), the SM-2 numbers a migrated record keeps, the due date
QUIZ_SCHEDULE = ("fsrs", "sm2", "repetitions", "interval_days", "ease", "due", "last")
IMPORT_STATUSES = (*state.STATUSES, "pending")
MAX_IMPORT_RECORDS = 100_000  # items + orphans in one export (documented in the README's "Limits")
CLOCK_SKEW = timedelta(days=1)  # how far in the future an imported time may be (time zones, clocks)


@dataclass
class ImportResult:
    file: str
    roadmap_id: str
    roadmap_known: bool
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # ids where some of the state's data was newer and stayed


def _check_times(record: dict[str, Any]) -> Iterator[tuple[tuple, str]]:
    """Timestamps must be comparable to merge: every one must parse."""
    stamps = [((key,), record.get(key)) for key in ("updated", "done_at")]
    stamps += [(("notes", i, "at"), n.get("at")) for i, n in enumerate(record.get("notes") or [])
               if isinstance(n, dict)]
    quiz = record.get("quiz") if isinstance(record.get("quiz"), dict) else {}
    stamps.append((("quiz", "last"), quiz.get("last")))
    stamps += [(("quiz", "history", i, "at"), h.get("at")) for i, h in enumerate(quiz.get("history") or [])
               if isinstance(h, dict)]
    latest = clock.now() + CLOCK_SKEW
    for where, stamp in stamps:
        if not isinstance(stamp, str):
            continue
        moment = clock.parse(stamp)
        if moment is None:
            yield where, f"{stamp!r} is not an ISO 8601 time"
        elif moment > latest:
            # A time from the future would win every merge for ever: refuse it rather than let it
            # overwrite what was really done later.
            yield where, f"{stamp!r} is in the future (after {latest.date().isoformat()})"


def _problems(data: Any) -> Iterator[tuple[tuple, str]]:
    if not isinstance(data, dict):
        yield (), "expected a JSON object (a genai export)"
        return
    schema = data.get("schema")
    name, _, version = schema.partition("/") if isinstance(schema, str) else ("", "", "")
    if name != SCHEMA_NAME or not version.isdigit():
        yield ("schema",), (f"is {schema!r}; a genai export says \"{SCHEMA_NAME}/{SCHEMA_VERSION}\" "
                            "(make one with: genai export --format json)")
        return
    if int(version) > SCHEMA_VERSION:
        yield ("schema",), (f"{schema} was written by a newer genai-roadmap (this one reads "
                            f"{SCHEMA_NAME}/{SCHEMA_VERSION}); upgrade: pip install --upgrade genai-roadmap")
        return
    rm = data.get("roadmap")
    if not isinstance(rm, dict) or not isinstance(rm.get("id"), str) or not roadmap.ID_PATTERN.match(rm["id"]):
        where = ("roadmap", "id") if isinstance(rm, dict) else ("roadmap",)
        yield where, "expected the roadmap's id (lowercase letters, digits, dashes)"
    seen: dict[str, tuple] = {}
    for section in ("items", "orphans"):
        entries = data.get(section, [] if section == "orphans" else None)
        if not isinstance(entries, list):
            yield (section,), "expected a list of item records"
            continue
        if len(entries) > MAX_IMPORT_RECORDS:
            yield (section,), f"has {len(entries):,} records; the limit is {MAX_IMPORT_RECORDS:,}"
            continue
        for index, entry in enumerate(entries):
            where = (section, index)
            if not isinstance(entry, dict):
                yield where, "expected an object"
                continue
            item_id = entry.get("id")
            if not isinstance(item_id, str) or not item_id.strip():
                yield where + ("id",), "expected the item's id"
            elif item_id in seen:
                yield where + ("id",), f"duplicate id '{item_id}' (first at {format_path(seen[item_id])})"
            else:
                seen[item_id] = where
            status = entry.get("status")
            if status is not None and status not in IMPORT_STATUSES:
                yield where + ("status",), f"is {status!r}, not one of {', '.join(IMPORT_STATUSES)}"
            record = _incoming_record(entry)
            for sub, why in [*state.record_problems(record), *_check_times(record)]:
                yield where + sub, why


def _incoming_record(entry: dict[str, Any]) -> dict[str, Any]:
    record = {key: value for key, value in entry.items() if key not in ENTRY_META and value is not None}
    if record.get("status") == "pending":
        del record["status"]
    if record.get("notes") == []:
        del record["notes"]
    return record


def load_export(path: Path) -> dict[str, Any]:
    """The parsed export, or InvalidFileError listing every problem as FILE:LINE: FIELD: message."""
    from genai_roadmap import files

    if not path.exists() and not path.is_symlink():
        raise UsageError(f"{path} does not exist")
    try:
        text = files.read_text(path, files.IMPORT_MAX_BYTES, "export")
    except files.UnreadableFileError as exc:
        raise InvalidFileError(exc.message + "; nothing was imported", hint=exc.hint, problems=exc.problems) from None
    try:
        data = files.strict_json(text)
    except ValueError as exc:
        line, column = getattr(exc, "lineno", 1), getattr(exc, "colno", 1)
        raise InvalidFileError(f"{path} is not valid JSON; nothing was imported",
                               problems=[f"{path}:{line}:{column}: (json): {getattr(exc, 'msg', exc)}"],
                               hint="import takes a file written by: genai export --format json") from None
    problems = list(_problems(data))
    if problems:
        lines = JsonLines(text)
        raise InvalidFileError(
            f"{path} has {len(problems)} problem(s); nothing was imported",
            problems=[f"{path}:{lines.line(where)}: {format_path(where)}: {why}" for where, why in problems],
            hint="fix those lines, or export again with: genai export --format json",
        )
    return data


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)




def _later(a: Any, b: Any) -> bool:
    """Is timestamp a strictly later than b? A missing time is the oldest."""
    ta, tb = clock.parse(a), clock.parse(b)
    return ta is not None and (tb is None or ta > tb)


def _union(ours: list, theirs: list, key) -> list:
    merged = {key(entry): entry for entry in [*ours, *theirs]}
    return sorted(merged.values(), key=lambda e: (clock.parse(e.get("at")) or _EPOCH, key(e)))


def merge_record(ours: dict[str, Any], theirs: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """The merged record, and whether some of ours was newer than theirs and kept."""
    merged = dict(ours)
    kept = False
    status_fields = sorted((set(ours) | set(theirs)) - set(MERGED_APART))
    our_status = {k: ours.get(k) for k in status_fields}
    their_status = {k: theirs.get(k) for k in status_fields}
    if their_status != our_status:
        if _later(theirs.get("updated"), ours.get("updated")) or not any(v is not None for v in our_status.values()):
            for key in status_fields:
                # A missing status means pending (and no done date); any other missing field (a check
                # note, a project directory) was just never set there: ours stays.
                if theirs.get(key) is not None or key in FOLLOW_STATUS:
                    merged.pop(key, None)
                if theirs.get(key) is not None:
                    merged[key] = theirs[key]
        elif any(v is not None for v in their_status.values()):
            kept = True
    # The check note (`note`) follows the status, but the side that loses keeps its note too: it
    # moves into the dated notes, so an import never drops a note.
    losing = ours if merged.get("note") != ours.get("note") else theirs
    lost_note = losing.get("note")
    extra_notes = ([{"at": losing.get("updated") or _EPOCH.isoformat(), "text": lost_note}]
                   if lost_note and lost_note != merged.get("note") else [])
    if theirs.get("notes") or extra_notes:
        merged["notes"] = _union(ours.get("notes") or [], [*(theirs.get("notes") or []), *extra_notes],
                                 lambda n: (n.get("at"), n.get("text")))
    if theirs.get("quiz"):
        our_quiz, their_quiz = dict(ours.get("quiz") or {}), dict(theirs["quiz"])
        base = their_quiz if _later(their_quiz.get("last"), our_quiz.get("last")) or not our_quiz else our_quiz
        if base is our_quiz and any(their_quiz.get(k) != our_quiz.get(k) for k in QUIZ_SCHEDULE):
            kept = True
        history = _union(our_quiz.get("history") or [], their_quiz.get("history") or [],
                         lambda h: (h.get("at"), h.get("grade")))
        merged["quiz"] = {**{k: base[k] for k in QUIZ_SCHEDULE if k in base}, "history": history}
    return merged, kept


def _known_roadmap(roadmap_id: str, path: Any) -> Roadmap | None:
    """The roadmap by id, else at the path the export recorded (used in place with --roadmap PATH)."""
    try:
        return roadmap.find_roadmap(roadmap_id)
    except GenaiError:
        pass
    try:
        found = roadmap.load_roadmap(Path(path)) if isinstance(path, str) and Path(path).is_file() else None
    except GenaiError:
        return None
    return found if found is not None and found.id == roadmap_id else None


def import_file(path: Path) -> ImportResult:
    data = load_export(path)
    roadmap_id = data["roadmap"]["id"]
    rm = _known_roadmap(roadmap_id, data["roadmap"].get("path"))
    result = ImportResult(str(path), roadmap_id, rm is not None)
    incoming = []
    for entry in [*data.get("items", []), *data.get("orphans", [])]:
        record = _incoming_record(entry)
        if record:
            item_id = entry["id"]
            if rm is not None and item_id not in rm.by_id:
                item_id = rm.alias_to_id.get(item_id, item_id)  # an old id: its progress follows the item
            incoming.append((item_id, record))
    with state.update_state() as current:
        records = current.setdefault("roadmaps", {}).setdefault(roadmap_id, {}).setdefault("items", {})
        for item_id, record in incoming:
            ours = records.get(item_id, {})
            merged, kept = merge_record(ours, record)
            if kept:
                result.kept.append(item_id)
            if merged == ours:
                result.unchanged.append(item_id)
                continue
            (result.updated if ours else result.added).append(item_id)
            records[item_id] = merged
    return result
