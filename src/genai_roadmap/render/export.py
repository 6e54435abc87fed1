"""The export formats: a Markdown checklist for a GitHub README, a JSON backup, CSV for a spreadsheet.

Renderers only: they format the `ExportData` that commands/export.py collected.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import TYPE_CHECKING, Any

from genai_roadmap import __version__, clock, progress, srs

if TYPE_CHECKING:
    from genai_roadmap.commands.export import ExportData, Row

SCHEMA_NAME = "genai.export"
SCHEMA_VERSION = 1
RECORD_FIELDS = ("status", "updated", "done_at", "note", "notes", "quiz")  # always in a JSON export, null when unset
ENTRY_META = ("id", "title", "kind", "phase", "est_hours")  # roadmap data in an export, not progress


def export_text(data: ExportData, fmt: str, notes: bool = True) -> str:
    return {"md": lambda: to_markdown(data, notes), "json": lambda: to_json(data),
            "csv": lambda: to_csv(data, notes)}[fmt]()


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
    proven = sum(p.verified for p in data.phases)
    out = [f"# {_md(rm.title)}", "",
           f"Progress on the `{rm.id}` roadmap: **{finished}/{total}** finished ({percent}%"
           + (f", {proven} verified by genai" if proven else "") + "), "
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
    proof = verification_line(row.record)
    if proof:
        title += f" ({proof})"
    box = "x" if row.status in progress.FINISHED else " "
    lines = [f"- [{box}] {title}" + (" — " + " · ".join(links) if links else "")]
    if notes:
        lines += [f"  - {day + ': ' if day else ''}{_md(text)}" for day, text in _note_lines(row.record)]
    return lines


def verification_line(record: dict[str, Any]) -> str:
    """"verified 2026-05-01 at abc1234: 12 tests, 4/4 acceptance checks", "verification failed …", or ""."""
    evidence = record.get("verified")
    if evidence is None:
        return ""
    if not isinstance(evidence, dict):
        return "verified" if progress.verified(record) is not None else ""
    parts = []
    if clock.day_of(evidence.get("at")):
        parts.append(clock.day_of(evidence.get("at")))
    if isinstance(evidence.get("commit"), str):
        parts.append(f"at {_md(evidence['commit'][:7])}")
    tests, checks = evidence.get("tests"), evidence.get("acceptance")
    facts = []
    if isinstance(tests, dict) and isinstance(tests.get("passed"), int):
        facts.append(f"{tests['passed']} tests passed" + (f", {tests['failed']} failed" if tests.get("failed") else ""))
    if isinstance(checks, list) and checks:
        good = sum(1 for c in checks if isinstance(c, dict) and c.get("passed") is True)
        facts.append(f"{good}/{len(checks)} acceptance checks")
    if isinstance(evidence.get("exercise"), str):
        facts.append(f"exercise {_md(evidence['exercise'])}")
    head = "verified" if progress.verified(record) is not None else "verification failed"
    return " ".join([head, *parts]) + (": " + ", ".join(facts) if facts else "")


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
                    "verified": sum(p.verified for p in data.phases),
                    "phases": [{"id": p.phase.id, "title": p.phase.title, "total": p.total, "done": p.done,
                                "skipped": p.skipped, "in_progress": p.in_progress, "verified": p.verified,
                                "percent": p.percent}
                               for p in data.phases]},
        "items": [{"id": row.id, "title": row.item.title, "kind": row.item.kind, "phase": row.phase.id,
                   "est_hours": row.item.est_hours, **_record_fields(row.record), "status": row.status}
                  for row in data.items],
        "orphans": [{"id": row.id, **_record_fields(row.record), "status": row.status} for row in data.orphans],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


CSV_COLUMNS = ("roadmap", "phase", "id", "title", "kind", "status", "done_at", "updated", "est_hours", "note",
               "notes", "quiz_due", "quiz_repetitions", "quiz_interval_days", "quiz_ease", "quiz_answers", "urls",
               "quiz_stability", "quiz_difficulty",  # FSRS's memory state, added last so columns keep their places
               "verified", "verification")


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
            quiz.get("due", ""),
            srs.streak(quiz) if quiz.get("history") else quiz.get("repetitions", ""),  # recalls since the last miss
            quiz.get("interval_days", ""), quiz.get("ease", ""),
            " ".join(h.get("grade", "") for h in quiz.get("history") or []),
            " ".join(r.url for r in (item.resources if item else []) if r.url),
            *("" if value is None else f"{value:.2f}" for value in srs.memory(quiz).values()),
            "yes" if progress.verified(record) is not None else "no", verification_line(record),
        ])
    return buffer.getvalue()


