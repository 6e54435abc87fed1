"""Text and JSON views of the study commands: quiz, stats, note, show, export, import and config.

Same rules as render.py (whose helpers it uses): colour only on a terminal, and every JSON view is
one `{"schema": "genai.<command>/1", ...}` object whose fields are only ever added to.
"""

from __future__ import annotations

import sys
from datetime import date
from typing import TYPE_CHECKING, Any

from genai_roadmap import clock, srs
from genai_roadmap.render.core import (
    Painter,
    bar,
    console,
    emit_json,
    escape,
    item_json,
    resource_label,
    roadmap_ref,
)

if TYPE_CHECKING:  # annotations only: start-up stays fast
    from genai_roadmap.commands.export import ExportResult, ViewResult
    from genai_roadmap.commands.importing import ImportResult
    from genai_roadmap.commands.notes import NoteResult
    from genai_roadmap.commands.quiz import Answer, Card, Plan, Session
    from genai_roadmap.commands.show import ItemDetail, Related
    from genai_roadmap.commands.stats import Eta, StatsResult

SPARKS = "▁▂▃▄▅▆▇█"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _days(count: int) -> str:
    return _plural(count, "day")


def sparkline(values: list[float]) -> str:
    """One character a value: · for nothing, ▁ to █ for the rest, scaled to the largest."""
    top = max(values, default=0)
    if not top:
        return "·" * len(values)
    return "".join("·" if not v else SPARKS[min(len(SPARKS) - 1, round(v / top * (len(SPARKS) - 1)))] for v in values)


def _date(value: date | None) -> str | None:
    return value.isoformat() if value else None


# --- quiz ---------------------------------------------------------------------------------------
def _quiz_record_json(record: dict[str, Any]) -> dict[str, Any] | None:
    if not record:
        return None
    # genai.quiz/1 kept its SM-2 keys: `repetitions` is now the run of recalls since the last miss and
    # `ease` is null (FSRS has none; an SM-2 record's last ease stays in `sm2`).
    return {"repetitions": srs.streak(record), "interval_days": record.get("interval_days"), "ease": None,
            "due": record.get("due"), "last": record.get("last"), "scheduler": "fsrs",
            **srs.memory(record), "sm2": record.get("sm2")} | {
        "answers": len(record.get("history") or []),
        "history": list(record.get("history") or []),
        "failing": srs.is_failing(record),
    }


def _card_json(card: Card) -> dict[str, Any]:
    return {"id": card.item.id, "title": card.item.title, "phase": card.phase.id, "reason": card.reason,
            "due": _date(card.due), "checks": [t.id for t in card.checks], "quiz": _quiz_record_json(card.record)}


def _plan_payload(plan: Plan) -> dict[str, Any]:
    return {"roadmap": roadmap_ref(plan.roadmap), "phase": plan.phase.id if plan.phase else None,
            "today": plan.today.isoformat(), "due_total": plan.due_total, "new_total": plan.new_total,
            "questions_total": plan.questions_total, "next_due": _date(plan.next_due),
            "questions": [_card_json(card) for card in plan.cards]}


def quiz_plan_json(plan: Plan) -> None:
    emit_json("quiz", {**_plan_payload(plan), "answered": [], "unanswered": len(plan.cards), "stopped": False})


def quiz_json(session: Session) -> None:
    emit_json("quiz", {**_plan_payload(session.plan), "answered": [
        {"id": a.card.item.id, "grade": a.grade, "marked_done": a.marked_done, "quiz": _quiz_record_json(a.record)}
        for a in session.answers], "unanswered": session.unanswered, "stopped": session.stopped})


def _card_label(paint: Painter, card: Card) -> str:
    if card.reason == "due":
        return paint("review" + (f", due {card.due.isoformat()}" if card.due else ""), "yellow")
    return paint("new", "cyan")


def quiz_plan_text(plan: Plan) -> None:
    paint = Painter()
    if not plan.cards:
        _nothing_to_ask(paint, plan)
        return
    paint.line(paint(plan.roadmap.title, "bold") + "  " + paint(
        f"{plan.due_total} due, {plan.new_total} new, {plan.questions_total} questions"
        + (f" in {plan.phase.title}" if plan.phase else ""), "dim"))
    for card in plan.cards:
        when = "new" if card.reason == "new" else f"due {card.due.isoformat()}" if card.due else "due now"
        paint.line(f"  {paint(when.ljust(14), 'yellow' if card.reason == 'due' else 'cyan')} "
                   f"{paint(card.item.id, 'bold')}  {card.item.title}")
    paint.line()
    paint.line(paint("Start with:", "dim") + " genai quiz" + (f" --phase {plan.phase.id}" if plan.phase else ""))


def _nothing_to_ask(paint: Painter, plan: Plan) -> None:
    scope = f"phase '{plan.phase.title}'" if plan.phase else f"'{plan.roadmap.title}'"
    one = plan.questions_total == 1
    paint.line(f"Nothing to ask in {scope} today: {'the' if one else 'all'} "
               f"{_plural(plan.questions_total, 'question')} {'is' if one else 'are'} scheduled later.")
    if plan.next_due:
        paint.line(paint(f"Next review: {plan.next_due.isoformat()}", "dim"))


def quiz_question(card: Card, number: int, total: int) -> None:
    """The question alone, on a terminal, before the learner thinks."""
    paint = Painter()
    paint.line()
    paint.line(paint(f"Question {number}/{total}", "bold") + "  " + _card_label(paint, card) + "  "
               + paint(f"{card.item.id} · {card.phase.title}", "dim"))
    paint.line(paint(card.item.title, "bold", "cyan"))


def quiz_reveal(card: Card) -> None:
    """The model answer, as markdown on a terminal."""
    from rich.markdown import Markdown
    from rich.padding import Padding

    console().print(Padding(Markdown((card.item.answer or "").strip()), (1, 2, 1, 2)))


def quiz_answered(answer: Answer) -> None:
    paint = Painter()
    paint.line("  " + _answer_line(paint, answer))


def _answer_line(paint: Painter, answer: Answer) -> str:
    record = answer.record
    style = {"knew": "green", "partly": "yellow", "didnt": "red"}[answer.grade]
    text = (paint(srs.GRADE_LABELS[answer.grade], style) + paint(
        f" → next review in {_days(record['interval_days'])} ({record['due']}) · {_memory(record)}", "dim"))
    if answer.marked_done:
        text += f" · {paint.mark('done')} marked done"
    if srs.is_failing(record) and answer.card.checks:
        text += paint(" · review " + ", ".join(t.id for t in answer.card.checks), "yellow")
    return text


def quiz_transcript(answer: Answer) -> None:
    """A piped answer: question, model answer and grade in one block."""
    paint = Painter()
    card = answer.card
    paint.line(paint(f"Q{answer.number}", "bold") + f" {paint(card.item.id, 'bold')}  {card.item.title}")
    for line in (card.item.answer or "").strip().splitlines():
        paint.line("    " + paint(line, "dim"))
    paint.line("  " + _answer_line(paint, answer))


def quiz_summary(session: Session) -> None:
    paint = Painter()
    plan = session.plan
    if not plan.cards:
        _nothing_to_ask(paint, plan)
        return
    counts = {grade: sum(a.grade == grade for a in session.answers) for grade in srs.GRADES}
    shown = ", ".join(f"{n} {srs.GRADE_LABELS[g]}" for g, n in counts.items() if n)
    paint.line()
    paint.line(paint(f"{_plural(len(session.answers), 'answer')} saved", "bold") + (f": {shown}" if shown else ""))
    if session.unanswered:
        paint.line(paint(f"{_plural(session.unanswered, 'question')} left for next time"
                         + (" (stopped)" if session.stopped else ""), "dim"))
    left = plan.due_total + plan.new_total - len(session.answers)
    if left > 0:
        paint.line(paint(f"{left} more due or new: genai quiz", "dim"))


# --- stats --------------------------------------------------------------------------------------
def _eta_json(eta: Eta) -> dict[str, Any]:
    return {"weeks": round(eta.weeks, 1) if eta.weeks is not None else None, "date": _date(eta.date),
            "lower_bound": eta.lower_bound, "reason": eta.reason}


def stats_json(result: StatsResult) -> None:
    emit_json("stats", {
        "roadmap": roadmap_ref(result.roadmap),
        "today": result.today.isoformat(),
        "hours_per_week": result.hours_per_week,
        "items": {"total": result.total, "finished": result.finished, "remaining": result.remaining,
                  "optional_not_started": result.optional_left, "verified": result.verified},
        "hours": {"estimated_total": round(result.hours_total, 1), "done": round(result.hours_done, 1),
                  "left": round(result.hours_left, 1), "unestimated_remaining_items": result.unestimated_left},
        "eta": {"by_hours": _eta_json(result.eta_hours), "by_pace": _eta_json(result.eta_pace)},
        "pace": {"items_per_week": _round(result.pace_items_per_week),
                 "hours_per_week": _round(result.pace_hours_per_week), "window_days": result.pace_days},
        "weeks": [{"start": w.start.isoformat(), "items": w.items, "hours": round(w.hours, 1)} for w in result.weeks],
        "streak": {"current_days": result.streak.current, "longest_days": result.streak.longest,
                   "last_active": _date(result.streak.last_active)},
        "phases": [{"id": p.phase.id, "title": p.phase.title, "total": p.total, "finished": p.finished,
                    "verified": p.verified, "hours_estimated": round(p.hours_total, 1), "hours_done": round(p.hours_done, 1),
                    "hours_left": round(p.hours_left, 1), "unestimated_remaining_items": p.unestimated_left,
                    "eta": _eta_json(p.eta)} for p in result.phases],
    })


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _eta_text(eta: Eta, short: bool = False) -> str:
    if eta.reason == "finished":
        return "[green]done[/]"
    if eta.date is None:
        return "[dim]—[/]" if short else f"[dim]{escape(eta.reason or '—')}[/]"
    weeks = f"~{eta.weeks:.1f} wk" if short else f"~{eta.weeks:.1f} weeks"
    return f"{'≥ ' if eta.lower_bound else ''}{eta.date.isoformat()} [dim]({weeks})[/]"


def stats_text(result: StatsResult) -> None:
    from rich.table import Table

    out = console()
    rm = result.roadmap
    out.print(f"[bold]{escape(rm.title)}[/]  [dim]study stats on {result.today.isoformat()}[/]")
    fraction = result.hours_done / result.hours_total if result.hours_total else 0
    out.print(f"Items      {bar(result.finished / result.total if result.total else 1)} "
              f"{result.finished}/{result.total} finished, {result.remaining} left")
    if result.verified:
        out.print(f"           [green]{_plural(result.verified, 'item')} verified by genai[/] [dim](tests and "
                  "acceptance checks, or a solved exercise); the rest only ticked[/]")
    if result.optional_left:
        out.print(f"           [dim]{_plural(result.optional_left, 'optional item')} not started: left out of "
                  "hours and ETAs until you start one[/]")
    if result.hours_total:
        out.print(f"Hours      {bar(fraction)} {result.hours_done:g}/{result.hours_total:g} h estimated done "
                  f"({round(100 * fraction)}%), {result.hours_left:g} h left")
    else:
        out.print("Hours      [dim]this roadmap has no est_hours, so there is no hour-based ETA[/]")
    if result.unestimated_left:
        one = result.unestimated_left == 1
        out.print(f"           [yellow]{_plural(result.unestimated_left, 'remaining item')} "
                  f"{'has' if one else 'have'} no estimate (not counted: ≥)[/]")
    hpw = f"at {result.hours_per_week:g} h/week" if result.hours_per_week else "by hours"
    out.print(f"ETA        {hpw}: {_eta_text(result.eta_hours)}")
    pace = "at your pace"
    if result.pace_items_per_week is not None and result.eta_pace.date is not None:
        pace += f" ({result.pace_items_per_week:.1f} items/week over {_days(result.pace_days)})"
    out.print(f"           {pace}: {_eta_text(result.eta_pace)}")
    counts = [w.items for w in result.weeks]
    out.print(f"Done/week  [cyan]{sparkline(counts)}[/]  [dim]last {_plural(len(counts), 'week')} · "
              f"most {max(counts, default=0)} · this week {counts[-1] if counts else 0}[/]")
    streak = result.streak
    last = f" · last active {streak.last_active.isoformat()}" if streak.last_active else ""
    out.print(f"Streak     {_days(streak.current)} [dim]· longest {streak.longest}{last}[/]")

    table = Table(show_edge=False, pad_edge=False)
    table.add_column("Phase", ratio=1, min_width=16)
    table.add_column("Done", justify="right", no_wrap=True)
    table.add_column("Hours", no_wrap=True)
    table.add_column("ETA", no_wrap=True)
    for p in result.phases:
        hours = (f"{bar(p.hours_done / p.hours_total, 10)} {p.hours_done:g}/{p.hours_total:g} h" if p.hours_total
                 else "[dim]no estimates[/]")
        if p.unestimated_left:
            hours += f" [yellow]+{p.unestimated_left}?[/]"
        table.add_row(escape(p.phase.title), f"{p.finished}/{p.total}", hours, _eta_text(p.eta, short=True))
    out.print()
    out.print(table)
    if not result.hours_per_week:
        out.print("[dim]For a date per phase, set your weekly hours: genai config set hours-per-week 10[/]")
    elif result.unestimated_left:
        out.print("[dim]+N? = remaining items without an estimate; ≥ = the date is a lower bound[/]")


# --- note and show ------------------------------------------------------------------------------
def note_text(result: NoteResult) -> None:
    paint = Painter()
    paint.line(f"✎ {paint(result.item.id, 'bold')}  {result.item.title}  "
               + paint(f"note {result.count} added {clock.day_of(result.note['at'])}", "dim"))


def _related_json(related: Related) -> dict[str, Any]:
    return {"id": related.item.id, "title": related.item.title, "status": related.status,
            "quiz": _quiz_record_json(related.quiz)}


def show_json(detail: ItemDetail) -> None:
    record = detail.record
    emit_json("show", {
        "roadmap": roadmap_ref(detail.roadmap),
        "item": {**item_json(detail.item), "status": detail.status, "updated": record.get("updated"),
                 "done_at": record.get("done_at"), "note": record.get("note"), "user_notes": detail.notes,
                 "quiz": _quiz_record_json(detail.quiz), "review": detail.review,
                 "project_dir": record.get("project_dir"), "verified": record.get("verified")},
        "phase": {"id": detail.phase.id, "title": detail.phase.title},
        "depends_on": [_related_json(r) for r in detail.depends_on],
        "checks": [_related_json(r) for r in detail.checks],
        "questions": [_related_json(r) for r in detail.questions],
        "exercises": [{"id": i, "title": t, "status": st} for i, t, st in detail.exercises],
    })


def _memory(record: dict[str, Any]) -> str:
    """FSRS's memory estimate in words: stability is the days until recall falls to 90%."""
    memory = srs.memory(record)
    if memory["stability"] is None:
        return "not yet scheduled"
    return f"stability {memory['stability']:.1f} d, difficulty {memory['difficulty']:.1f}/10"


def _quiz_line(paint: Painter, quiz: dict[str, Any]) -> str:
    if not quiz:
        return paint("never asked", "dim")
    grades = " ".join(srs.GRADE_LABELS.get(h.get("grade"), "?") for h in (quiz.get("history") or [])[-5:])
    text = f"next review {quiz.get('due')} · every {_days(quiz.get('interval_days') or 0)} · {_memory(quiz)}"
    text += paint(f" · {_plural(len(quiz.get('history') or []), 'answer')} (last: {grades})", "dim")
    return text + (paint(" · failing", "red") if srs.is_failing(quiz) else "")


def markdown_lines(paint: Painter, text: str) -> list[str]:
    """Markdown as a terminal shows it: code fences dropped and their code indented and dimmed,
    `**bold**` in bold; everything else as written."""
    import re

    lines, in_code = [], False
    for line in text.strip().splitlines():
        if line.lstrip().startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            lines.append("    " + paint(line, "dim"))
        else:
            lines.append(re.sub(r"\*\*(.+?)\*\*", lambda m: paint(m.group(1), "bold"), line))
    return lines


def show_text(detail: ItemDetail) -> None:
    paint = Painter()
    item, record = detail.item, detail.record
    when = clock.day_of(record.get("done_at") or record.get("updated"))
    paint.line(f"{paint.mark(detail.status)} {paint(item.id, 'bold')}  {paint(item.title, 'bold')}  "
               + paint(detail.status.replace("_", " ") + (f" {when}" if when and detail.status != "pending" else ""),
                       "dim"))
    facts = [detail.phase.title, item.kind] + ([item.level] if item.level else [])
    if item.est_hours is not None:
        facts.append(f"~{item.est_hours:g} h")
    if item.effort:
        facts.append(item.effort)
    paint.line(paint(" · ".join(facts), "dim"))
    if detail.review:
        paint.line(paint("↻ review: a question that checks this keeps failing (genai quiz)", "yellow"))
    if item.subtopics:
        paint.line(paint("Subtopics: ", "dim") + ", ".join(item.subtopics))
    if item.stack:
        paint.line(paint("Stack: ", "dim") + ", ".join(item.stack))
    if detail.depends_on:
        needs = ", ".join(f"{paint.mark(r.status)} {r.item.id}" for r in detail.depends_on)
        paint.line(paint("Depends on: ", "dim") + needs)
    if item.template:
        paint.line(paint("Start it: ", "green") + f"genai new {item.template}")
        from genai_roadmap.render.core import verification_words

        proof = verification_words(record)
        if proof:
            paint.line(paint("Evidence: ", "dim") + proof + (f"  ({record['project_dir']})"
                                                           if isinstance(record.get("project_dir"), str) else ""))
        elif detail.status == "done":
            paint.line(paint(f"Ticked, not verified: genai verify {item.id}", "yellow"))
        else:
            paint.line(paint("Prove it: ", "dim") + f"genai verify {item.id}")
    for exercise_id, title, status in detail.exercises:
        done = "solved" if status == "solved" else f"genai exercise start {exercise_id}"
        paint.line(paint("Practise it: ", "green") + f"{title} ({done})")
    if item.resources:
        paint.line()
        paint.line(paint("Resources", "bold"))
        for resource in item.resources:
            link = f" — {resource.url}" if resource.url else ""
            paint.line(f"  {paint(resource_label(resource) + ':', 'dim')} {resource.title}{link}")
    for heading, text in (("About", item.notes), ("Answer", item.answer)):
        if text:
            paint.line()
            paint.line(paint(heading, "bold"))
            for line in markdown_lines(paint, text):
                paint.line("  " + line)
    paint.line()
    paint.line(paint("Your notes", "bold"))
    if not record.get("note") and not detail.notes:
        paint.line("  " + paint(f'none yet — add one with: genai note {item.id} "..."', "dim"))
    if record.get("note"):
        paint.line(f"  {paint(clock.day_of(record.get('updated')) + ' (check)', 'dim')}  {record['note']}")
    for note in detail.notes:
        paint.line(f"  {paint(clock.day_of(note['at']), 'dim')}  {note['text']}")
    if item.kind == "question":
        paint.line()
        paint.line(paint("Quiz", "bold") + "  " + _quiz_line(paint, detail.quiz))
        for related in detail.checks:
            paint.line(f"  checks {paint.mark(related.status)} {related.item.id}  {related.item.title}")
    elif detail.questions:
        paint.line()
        paint.line(paint("Questions that check it", "bold"))
        for related in detail.questions:
            paint.line(f"  {paint(related.item.id, 'bold')}  {_quiz_line(paint, related.quiz)}")


# --- export and import --------------------------------------------------------------------------
def export_text(result: ExportResult) -> None:
    """The export itself on stdout, or a line saying where it was written."""
    if result.path is None:
        export_stdout(result.text)
        return
    data = result.data
    Painter().line(f"Wrote the {result.format} export of '{data.roadmap.id}' ({len(data.items)} items"
                   + (f", {len(data.orphans)} kept from old ids" if data.orphans else "") + f") to {result.path}")


def export_stdout(text: str) -> None:
    sys.stdout.write(text)


def view_json(result: ViewResult) -> None:
    emit_json("view", {"roadmap": result.roadmap_id, "path": str(result.path), "opened": result.opened,
                       "reason": result.reason})


def view_text(result: ViewResult) -> None:
    paint = Painter()
    if result.opened:
        paint.line(f"Opened the map of '{result.roadmap_id}' in your browser: {result.path}")
    else:
        paint.line(f"Wrote the map of '{result.roadmap_id}' to {result.path}")
        paint.line(paint(f"Open it in a browser (not opened: {result.reason}).", "dim"))


def import_json(result: ImportResult) -> None:
    emit_json("import", {"file": result.file, "roadmap": result.roadmap_id, "roadmap_known": result.roadmap_known,
                         "added": result.added, "updated": result.updated, "unchanged": result.unchanged,
                         "kept_newer": result.kept})


def import_text(result: ImportResult) -> None:
    paint = Painter()
    paint.line(f"Imported {result.file} into roadmap '{result.roadmap_id}': "
               f"{len(result.added)} added, {len(result.updated)} updated, {len(result.unchanged)} already up to date")
    if result.kept:
        paint.line(paint(f"{_plural(len(result.kept), 'record')} kept your newer data: " + ", ".join(result.kept[:10])
                         + (", …" if len(result.kept) > 10 else ""), "dim"))
    if not result.roadmap_known:
        paint.line(paint(f"roadmap '{result.roadmap_id}' is not installed here; its progress is kept for when it is",
                         "yellow"))


# --- config -------------------------------------------------------------------------------------
