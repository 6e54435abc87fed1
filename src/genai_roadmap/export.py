"""`genai export` (progress as a Markdown checklist, JSON or CSV) and `genai import` (JSON back in).

The JSON export (`"schema": "genai.export/1"`) carries every item's record as the state file
holds it (status, dates, notes, quiz schedule), plus the records of items no longer in the
roadmap, so it is a complete backup of one roadmap's progress. Import checks the whole file first
— every problem as FILE:LINE: FIELD: message — and changes nothing unless it is clean; then it
merges record by record through `state.update_state`, and the newer data always wins:

* status, `updated`, `done_at`, the check note and any other field of the record (such as the
  project directory `genai new` records) travel together: the side with the later `updated` wins;
* dated notes are united (the same note twice is kept once);
* the quiz schedule of the side answered last wins; the answer histories are united.
"""

from __future__ import annotations

import bisect
import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from genai_roadmap import __version__, actions, clock, progress, roadmap, state
from genai_roadmap.errors import GenaiError, InvalidFileError, UsageError
from genai_roadmap.roadmap import Item, Phase, Roadmap, format_path  # the same FIELD notation as roadmap errors

SCHEMA_NAME = "genai.export"
SCHEMA_VERSION = 1
FORMATS = ("md", "json", "csv")
RECORD_FIELDS = ("status", "updated", "done_at", "note", "notes", "quiz")  # always in a JSON export, null when unset
MERGED_APART = ("notes", "quiz")  # merged on their own; every other field travels with the status
ENTRY_META = ("id", "title", "kind", "phase", "est_hours")  # roadmap data in an export, not progress
FOLLOW_STATUS = ("status", "done_at")  # absent on the newer side means: not (or no longer) done
QUIZ_SCHEDULE = ("repetitions", "interval_days", "ease", "due", "last")
IMPORT_STATUSES = (*state.STATUSES, "pending")


@dataclass
class Row:
    id: str
    item: Item | None  # None: recorded progress for an id no longer in the roadmap
    phase: Phase | None
    status: str
    record: dict[str, Any]


@dataclass
class ExportData:
    roadmap: Roadmap
    exported_at: str
    rows: list[Row]
    phases: list[progress.PhaseProgress]

    @property
    def items(self) -> list[Row]:
        return [r for r in self.rows if r.item is not None]

    @property
    def orphans(self) -> list[Row]:
        return [r for r in self.rows if r.item is None]


def collect(name: str | None) -> ExportData:
    rm, current = actions.select(name)
    prog = progress.Progress(rm, current)
    rows = [Row(item.id, item, rm.phase_by_id[item.phase_id], prog.status(item), dict(prog.record(item)))
            for item in rm.items]
    rows += [Row(key, None, None, record.get("status") or "pending", dict(record))
             for key, record in sorted(prog.orphans.items())]
    return ExportData(rm, clock.now_iso(), rows, [progress.phase_progress(prog, p) for p in rm.phases])


def render(data: ExportData, fmt: str, notes: bool = True) -> str:
    if fmt not in FORMATS:
        raise UsageError(f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}")
    return {"md": lambda: to_markdown(data, notes), "json": lambda: to_json(data),
            "csv": lambda: to_csv(data, notes)}[fmt]()


def write(path: Path, text: str, force: bool = False) -> Path:
    """Write an export atomically; an existing file is only replaced with force."""
    path = path.expanduser()
    if path.exists() and not force:
        raise GenaiError(f"{path} already exists; nothing was written", hint="replace it with --force")
    if not path.parent.is_dir():
        raise GenaiError(f"the directory {path.parent} does not exist; nothing was written")
    state.write_atomic(path, text)
    return path


# --- formats ------------------------------------------------------------------------------------
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _md_url(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _note_lines(record: dict[str, Any]) -> list[tuple[str, str]]:
    """(day, text) of the check note and every dated note."""
    lines = [(clock.day_of(record.get("updated")), record["note"])] if record.get("note") else []
    return lines + [(clock.day_of(n.get("at")), n.get("text", "")) for n in record.get("notes") or []]


def to_markdown(data: ExportData, notes: bool = True) -> str:
    rm = data.roadmap
    total = sum(p.total for p in data.phases)
    finished = sum(p.finished for p in data.phases)
    percent = round(100 * finished / total) if total else 100
    out = [f"# {_md(rm.title)}", "",
           f"Progress on the `{rm.id}` roadmap: **{finished}/{total}** finished ({percent}%), "
           f"exported {clock.day_of(data.exported_at)} with [genai-roadmap](https://pypi.org/project/genai-roadmap/)."]
    rows = {row.id: row for row in data.items}
    for pp in data.phases:
        phase = pp.phase
        out += ["", f"## {_md(phase.title)} ({pp.finished}/{pp.total})"]
        about = " · ".join(_md(t) for t in (phase.duration, phase.goal) if t)
        if about:
            out += ["", f"_{about}_"]
        out.append("")
        group = None
        for item in phase.items:
            if item.group and item.group != group:
                group = item.group
                out += ["", f"**{_md(group)}**", ""]
            out += _markdown_item(rows[item.id], notes)
    if data.orphans:
        out += ["", "## Progress kept for items no longer in this roadmap", ""]
        out += [line for row in data.orphans for line in _markdown_item(row, notes)]
    return "\n".join(out) + "\n"


def _markdown_item(row: Row, notes: bool) -> list[str]:
    title = _md(row.item.title) if row.item else f"`{row.id}`"
    when = clock.day_of(row.record.get("done_at") or row.record.get("updated"))
    if row.status == "done":
        title += f" (done {when})" if when else " (done)"
    elif row.status == "skipped":
        title = f"~~{title}~~ (skipped)"
    elif row.status == "in_progress":
        title += " (in progress)"
    links = [f"[{_md(r.title)}]({_md_url(r.url)})" for r in (row.item.resources if row.item else []) if r.url]
    box = "x" if row.status in progress.FINISHED else " "
    lines = [f"- [{box}] {title}" + (" — " + " · ".join(links) if links else "")]
    if notes:
        lines += [f"  - {day + ': ' if day else ''}{_md(text)}" for day, text in _note_lines(row.record)]
    return lines


def _record_fields(record: dict[str, Any]) -> dict[str, Any]:
    """The whole record (fields other commands add included), with the known fields always present."""
    extra = {key: value for key, value in record.items() if key not in ENTRY_META}
    return {**{key: record.get(key) for key in RECORD_FIELDS}, **extra}


def to_json(data: ExportData) -> str:
    rm = data.roadmap
    payload = {
        "schema": f"{SCHEMA_NAME}/{SCHEMA_VERSION}",
        "generator": f"genai-roadmap {__version__}",
        "exported_at": data.exported_at,
        "roadmap": {"id": rm.id, "title": rm.title, "source": rm.source, "path": rm.path, "origin": rm.origin},
        "summary": {"total": sum(p.total for p in data.phases), "finished": sum(p.finished for p in data.phases),
                    "phases": [{"id": p.phase.id, "title": p.phase.title, "total": p.total, "done": p.done,
                                "skipped": p.skipped, "in_progress": p.in_progress, "percent": p.percent}
                               for p in data.phases]},
        "items": [{"id": row.id, "title": row.item.title, "kind": row.item.kind, "phase": row.phase.id,
                   "est_hours": row.item.est_hours, **_record_fields(row.record), "status": row.status}
                  for row in data.items],
        "orphans": [{"id": row.id, **_record_fields(row.record), "status": row.status} for row in data.orphans],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


CSV_COLUMNS = ("roadmap", "phase", "id", "title", "kind", "status", "done_at", "updated", "est_hours", "note",
               "notes", "quiz_due", "quiz_repetitions", "quiz_interval_days", "quiz_ease", "quiz_answers", "urls")


def to_csv(data: ExportData, notes: bool = True) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in data.rows:
        record, quiz, item = row.record, row.record.get("quiz") or {}, row.item
        writer.writerow([
            data.roadmap.id, row.phase.id if row.phase else "", row.id, item.title if item else "",
            item.kind if item else "", row.status, record.get("done_at") or "", record.get("updated") or "",
            "" if not item or item.est_hours is None else f"{item.est_hours:g}",
            (record.get("note") or "") if notes else "",
            "\n".join(f"{day}: {text}" for day, text in _note_lines({"notes": record.get("notes")})) if notes else "",
            quiz.get("due", ""), quiz.get("repetitions", ""), quiz.get("interval_days", ""), quiz.get("ease", ""),
            " ".join(h.get("grade", "") for h in quiz.get("history") or []),
            " ".join(r.url for r in (item.resources if item else []) if r.url),
        ])
    return buffer.getvalue()


# --- import -------------------------------------------------------------------------------------
@dataclass
class ImportResult:
    file: str
    roadmap_id: str
    roadmap_known: bool
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # ids where some of the state's data was newer and stayed


class _Lines:
    """The line of every key and array element of (valid) JSON text, by path: for error messages."""

    _ATOM = re.compile(r'-?\d+(\.\d+)?([eE][-+]?\d+)?|true|false|null')

    def __init__(self, text: str):
        self.text = text
        self.newlines = [i for i, ch in enumerate(text) if ch == "\n"]
        self.lines: dict[tuple, int] = {(): 1}
        self.pos = 0
        try:
            self._value(())
        except (IndexError, ValueError):  # cannot happen for text json.loads accepted; positions are a nicety
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


def _check_times(record: dict[str, Any]) -> Iterator[tuple[tuple, str]]:
    """Timestamps must be comparable to merge: every one must parse."""
    stamps = [((key,), record.get(key)) for key in ("updated", "done_at")]
    stamps += [(("notes", i, "at"), n.get("at")) for i, n in enumerate(record.get("notes") or [])
               if isinstance(n, dict)]
    quiz = record.get("quiz") if isinstance(record.get("quiz"), dict) else {}
    stamps.append((("quiz", "last"), quiz.get("last")))
    stamps += [(("quiz", "history", i, "at"), h.get("at")) for i, h in enumerate(quiz.get("history") or [])
               if isinstance(h, dict)]
    for where, stamp in stamps:
        if isinstance(stamp, str) and clock.parse(stamp) is None:
            yield where, f"{stamp!r} is not an ISO 8601 time"


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
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"{path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidFileError(f"cannot read {path}: {exc}") from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        line, column = getattr(exc, "lineno", 1), getattr(exc, "colno", 1)
        raise InvalidFileError(f"{path} is not valid JSON; nothing was imported",
                               problems=[f"{path}:{line}:{column}: (json): {getattr(exc, 'msg', exc)}"],
                               hint="import takes a file written by: genai export --format json") from None
    problems = list(_problems(data))
    if problems:
        lines = _Lines(text)
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
    if theirs.get("notes"):
        merged["notes"] = _union(ours.get("notes") or [], theirs["notes"], lambda n: (n.get("at"), n.get("text")))
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
