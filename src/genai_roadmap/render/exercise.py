"""Renderers of `genai exercise`: list, start, check, hint and the watch loop's lines."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from genai_roadmap.render.core import Painter, emit_json, unicode_output

if TYPE_CHECKING:
    from genai_roadmap.commands.exercise import (
        CheckResult,
        Exercise,
        HintResult,
        ListResult,
        StartResult,
        WatchEvent,
        WatchResult,
    )

STATUS_STYLE = {"solved": ("solved", "green"), "started": ("started", "yellow"), "new": ("new", "dim")}
OUTPUT_LINES = 15  # lines of the learner's own prints shown under a failure


def _ref(exercise: Exercise) -> dict[str, Any]:
    return {"id": exercise.id, "title": exercise.title, "roadmap": exercise.roadmap, "item": exercise.item,
            "phase": exercise.phase}


def _mark(symbol: str) -> str:
    return symbol if unicode_output() else {"✔": "[x]", "✘": "[ ]"}[symbol]


# --- list ---------------------------------------------------------------------------------------
def list_json(result: ListResult) -> None:
    emit_json("exercise.list", {
        "workspace": str(result.workspace),
        "current": result.current.id if result.current else None,
        "solved": sum(1 for row in result.rows if row.status == "solved"),
        "total": len(result.rows),
        "exercises": [{**_ref(row.exercise), "status": row.status, "hints_shown": row.hints_shown,
                       "hints_total": len(row.exercise.hints)} for row in result.rows],
    })


def list_text(result: ListResult) -> None:
    paint = Painter()
    width = max(len(row.exercise.id) for row in result.rows)
    for row in result.rows:
        word, style = STATUS_STYLE[row.status]
        pointer = ("▸" if unicode_output() else ">") if result.current and row.exercise.id == result.current.id else " "
        paint.line(f"{pointer} {paint(word.ljust(7), style)} {row.exercise.id.ljust(width)}  {row.exercise.title}  "
                   + paint(f"{row.exercise.roadmap}:{row.exercise.item}", "dim"))
    solved = sum(1 for row in result.rows if row.status == "solved")
    paint.line()
    paint.line(f"{solved}/{len(result.rows)} solved. Workspace: {result.workspace}")
    if result.current:
        paint.line(paint(f"Next: genai exercise start {result.current.id}   then: genai exercise watch", "dim"))


# --- start --------------------------------------------------------------------------------------
def start_text(result: StartResult) -> None:
    paint = Painter()
    ex = result.exercise
    paint.line(f"{paint(ex.id, 'bold')}: {ex.title}  {paint(f'({ex.roadmap}: {ex.item})', 'dim')}")
    for path in result.written:
        paint.line(f"  wrote {path}")
    for path in result.kept:
        paint.line(f"  kept  {path} {paint('(already there: your work is never overwritten)', 'dim')}")
    paint.line(f"Edit {result.directory / 'exercise.py'}, then: genai exercise check {ex.id}"
               f"   (or genai exercise watch to re-check on every save)")


# --- check --------------------------------------------------------------------------------------
def check_payload(result: CheckResult) -> dict[str, Any]:
    passed, failed = result.counts
    return {
        "exercise": _ref(result.exercise),
        "file": str(result.file),
        "passed": result.passed,
        "tests": [asdict(t) for t in result.tests],
        "counts": {"passed": passed, "failed": failed},
        "first_failure": asdict(result.failure) if result.failure else None,
        "explanation": explain(result) if result.failure else None,
        "output": result.output,
        "seconds": round(result.seconds, 3),
        "hints": {"shown": result.hints_shown, "total": len(result.exercise.hints)},
        "verified": result.verified,
        "next": result.next.id if result.next else None,
    }


def check_json(result: CheckResult) -> None:
    emit_json("exercise.check", check_payload(result))


def explain(result: CheckResult) -> str:
    """The first failure in plain words."""
    failure = result.failure
    if failure is None:
        return ""
    where = f" (exercise.py line {failure.line})" if failure.line else ""
    if failure.kind == "mismatch":
        return f"{failure.name}: {failure.what}: expected {failure.expected}, but your code gave {failure.got}{where}."
    if failure.kind == "not_written":
        return f"{failure.name}: not written yet: {failure.message}{where}. Replace the `raise NotImplementedError` with your code."
    if failure.kind in ("timeout", "missing"):
        return failure.message[:1].upper() + failure.message[1:] + "."
    if failure.name == "loading exercise.py":
        return f"exercise.py does not load: {failure.message}{where}."
    if failure.kind == "assertion":
        return f"{failure.name}: {failure.message}{where}."
    return f"{failure.name}: your code raised {failure.message}{where}."


def check_text(result: CheckResult) -> None:
    paint = Painter()
    ex = result.exercise
    passed, failed = result.counts
    if result.passed:
        paint.line(f"{paint(_mark('✔') + ' passed', 'green')} {ex.id}: all {passed} tests pass ({result.seconds:.1f} s)")
        item = f"{ex.roadmap}: {ex.item}"
        if result.verified and result.verified.get("by") == "exercise":
            paint.line(f"  {item} is verified and done")
        else:
            paint.line(f"  {item} is done (already verified by its project)")
        if result.next:
            paint.line(paint(f"Next: genai exercise start {result.next.id}  ({result.next.title})", "dim"))
        else:
            paint.line("Every exercise is solved.")
        return
    total = passed + failed
    counts = f"{passed}/{total} tests pass" if total else "no test ran"
    paint.line(f"{paint(_mark('✘') + ' not yet', 'red')} {ex.id}: {counts}")
    paint.line(f"  {explain(result)}")
    if result.output.strip():
        lines = result.output.rstrip().splitlines()
        paint.line(paint("  your code printed:", "dim"))
        for line in lines[:OUTPUT_LINES]:
            paint.line(f"    {line}")
        if len(lines) > OUTPUT_LINES:
            paint.line(paint(f"    ... {len(lines) - OUTPUT_LINES} more lines", "dim"))
    total_hints = len(ex.hints)
    if result.hints_shown < total_hints:
        paint.line(paint(f"  Stuck? hint {result.hints_shown + 1} of {total_hints}: genai exercise hint {ex.id}", "dim"))
    else:
        paint.line(paint(f"  All {total_hints} hints shown; see them again with: genai exercise hint {ex.id}", "dim"))
    paint.line(paint(f"  File: {result.file}", "dim"))


# --- hint ---------------------------------------------------------------------------------------
def hint_text(result: HintResult) -> None:
    paint = Painter()
    paint.line(f"{paint(f'Hint {result.level} of {result.total}', 'bold')} for {result.exercise.id}:")
    paint.line(f"  {result.text}")
    if result.repeated:
        paint.line(paint("That was the last hint.", "dim"))
    elif result.level < result.total:
        paint.line(paint(f"Another with: genai exercise hint {result.exercise.id}", "dim"))


# --- watch --------------------------------------------------------------------------------------
def watch_event(event: WatchEvent) -> None:
    paint = Painter()
    if event.kind == "started" and event.start:
        start_text(event.start)
    elif event.kind == "checked" and event.check:
        check_text(event.check)
        if not event.check.passed:
            paint.line(paint(f"Watching {event.check.file}: save to re-check, Ctrl-C to stop.", "dim"))
    elif event.kind == "all_done":
        paint.line(paint("Done: every exercise is solved.", "green"))


def watch_end(result: WatchResult) -> None:
    if result.reason == "stopped":
        solved = f"; solved {', '.join(result.solved)}" if result.solved else ""
        Painter().line(f"Stopped watching after {result.checks} check{'s' if result.checks != 1 else ''}{solved}.")
