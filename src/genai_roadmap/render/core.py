"""The core renderers (next, status, check, roadmaps, new) and the helpers every renderer shares.

Two views of every result: rich text for people, a versioned JSON envelope for scripts.

JSON envelopes are `{"schema": "genai.<command>/1", ...}`; a field is only ever added within a
schema version, never renamed or removed (tests/test_json_contract.py pins them).
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict
from typing import TYPE_CHECKING, Any, TextIO

from genai_roadmap import clock, progress

if TYPE_CHECKING:  # for the annotations only: keeps `genai next` from importing what it need not
    from genai_roadmap.commands.checklist import CheckResult
    from genai_roadmap.commands.links import LinkReport
    from genai_roadmap.commands.new import NewResult
    from genai_roadmap.commands.roadmaps import RoadmapSummary, ValidationResult
    from genai_roadmap.progress import NextResult, PhaseProgress, Progress, StatusResult
    from genai_roadmap.roadmap import Item, Resource, Roadmap
    from genai_roadmap.scaffold import TemplateInfo

STATUS_MARK = {"done": ("✔", "green"), "skipped": ("–", "dim"), "in_progress": ("▶", "yellow"),
               "pending": ("○", "dim")}
# Stand-ins for a terminal whose encoding cannot show the marks and bars (LANG=C, latin-1…).
ASCII_MARK = {"done": "[x]", "skipped": "[-]", "in_progress": "[>]", "pending": "[ ]"}
_ANSI = {"bold": "1", "dim": "2", "italic": "3", "red": "31", "green": "32", "yellow": "33", "cyan": "36"}


def colour_enabled(stream: TextIO | None = None) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    stream = stream or sys.stdout
    return stream.isatty() and os.environ.get("TERM") != "dumb"


class Painter:
    """Plain ANSI styling for the line-oriented views (`next`, `check`): rich costs ~40 ms to import
    and lay out, more than the rest of `genai next`, and these views need no layout."""

    def __init__(self, stream: TextIO | None = None):
        self.stream = stream or sys.stdout
        self.enabled = colour_enabled(self.stream)

    def __call__(self, text: str, *styles: str) -> str:
        if not self.enabled or not styles:
            return text
        return f"\033[{';'.join(_ANSI[s] for s in styles)}m{text}\033[0m"

    def mark(self, status: str) -> str:
        symbol, style = STATUS_MARK[status]
        return self(symbol if unicode_output() else ASCII_MARK[status], style)

    def line(self, text: str = "") -> None:
        self.stream.write(text + "\n")


def console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)


def emit_json(schema: str, payload: dict[str, Any]) -> None:
    # allow_nan=False: NaN and Infinity are not JSON; every input refuses them where it enters,
    # so reaching this would be a bug, and failing loudly beats writing what a parser rejects.
    sys.stdout.write(json.dumps({"schema": f"genai.{schema}/1", **payload}, indent=2, ensure_ascii=False,
                                allow_nan=False) + "\n")


def unicode_output() -> bool:
    from genai_roadmap.terminal import unicode_ok

    return unicode_ok(sys.stdout)


def bar(fraction: float, width: int = 20) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    full, empty = ("█", "░") if unicode_output() else ("#", ".")
    return full * filled + empty * (width - filled)


def terminal_width() -> int:
    """The width to fit line views to: COLUMNS when set, else the terminal's, else 100."""
    import shutil

    return max(40, shutil.get_terminal_size((100, 24)).columns)


def _fraction(pp: PhaseProgress) -> float:
    return pp.finished / pp.total if pp.total else 1.0


def shorten(text: str, width: int | None = None) -> str:
    width = width or terminal_width()
    ellipsis = "…" if unicode_output() else "..."
    return text if len(text) <= width else text[: width - len(ellipsis)].rstrip() + ellipsis


def roadmap_ref(rm: Roadmap) -> dict[str, Any]:
    return {"id": rm.id, "title": rm.title, "path": rm.path, "origin": rm.origin}


def phase_json(pp: PhaseProgress) -> dict[str, Any]:
    return {"id": pp.phase.id, "title": pp.phase.title, "duration": pp.phase.duration, "total": pp.total,
            "done": pp.done, "skipped": pp.skipped, "in_progress": pp.in_progress, "verified": pp.verified,
            "percent": pp.percent}


def item_json(item: Item) -> dict[str, Any]:
    data = asdict(item)
    data["new_command"] = f"genai new {item.template}" if item.template else None
    return data


def resource_label(resource: Resource) -> str:
    """`docs`, `course · free`, `book · paid`: a resource's kind and, when known, its price."""
    if resource.free is None:
        return resource.kind
    return f"{resource.kind} · {'free' if resource.free else 'paid'}"


def escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


# --- next ---------------------------------------------------------------------------------------
BLOCKED_SHOWN = 20


def next_json(result: NextResult) -> None:
    emit_json("next", {
        "roadmap": roadmap_ref(result.roadmap),
        "phase": result.phase.id if result.phase else None,
        "remaining": result.remaining,
        "all_done": result.remaining == 0,
        "items": [{**item_json(n.item), "status": n.status, "phase": phase_json(n.phase)} for n in result.items],
        "blocked": [{"id": item.id, "waiting_on": unmet} for item, unmet in result.blocked[:BLOCKED_SHOWN]],
        "blocked_total": len(result.blocked),
        "review": [{"id": r.item.id, "title": r.item.title, "questions": [q.id for q in r.questions]}
                   for r in result.review],
        "hardware_advice": result.hardware_advice,
    })


def next_text(result: NextResult) -> None:
    paint = Painter()
    rm = result.roadmap
    scope = f"phase '{result.phase.title}'" if result.phase else f"'{rm.title}'"
    if result.remaining == 0:
        paint.line(paint(f"Everything in {scope} is done.", "bold", "green") + " 🎉")
        paint.line("See your progress with: genai status"
                   + ("" if result.phase else "  ·  pick another roadmap: genai roadmap list"))
        _review_lines(paint, result)
        return
    if not result.items:
        paint.line(f"Nothing in {scope} can start yet: every remaining item waits on another one.")
        for item, unmet in result.blocked[:5]:
            paint.line(f"  {item.id} waits on {', '.join(unmet)}")
        _review_lines(paint, result)
        return
    paint.line(paint(rm.title, "bold") + "  " + paint(f"next {len(result.items)} of {result.remaining} remaining", "dim"))
    shown_phase = shown_group = None
    for entry in result.items:
        pp = entry.phase
        if pp.phase.id != shown_phase:
            shown_phase, shown_group = pp.phase.id, None
            duration = "  " + paint(pp.phase.duration, "dim") if pp.phase.duration else ""
            paint.line()
            paint.line(paint(pp.phase.title, "bold", "cyan") + duration
                       + f"  {bar(_fraction(pp), 12)} {pp.finished}/{pp.total}")
        if entry.item.group and entry.item.group != shown_group:
            shown_group = entry.item.group
            paint.line("  " + paint(shown_group, "bold"))
        _item_lines(paint, entry.item, entry.status)
    if result.hardware_advice:
        paint.line()
        paint.line(paint("Hardware:", "bold", "cyan") + f" {result.hardware_advice}")
    paint.line()
    paint.line(paint("Tick one off with:", "dim") + f" genai check {result.items[0].item.id}")
    _review_lines(paint, result)


def _review_lines(paint: Painter, result: NextResult) -> None:
    """Done topics whose quiz questions keep failing (see srs.review_topics)."""
    if not result.review:
        return
    paint.line()
    paint.line(paint("Review", "bold", "yellow") + paint("  done, but their questions keep failing", "dim"))
    for review in result.review[:5]:
        questions = ", ".join(q.id for q in review.questions)
        paint.line(f"  {paint('↻', 'yellow')} {paint(review.item.id, 'bold')}  {review.item.title}  "
                   + paint(f"({questions})", "dim"))
    paint.line(paint("Revisit, then quiz yourself again:", "dim") + f" genai quiz --phase {result.review[0].item.phase_id}")


def _item_lines(paint: Painter, item: Item, status: str) -> None:
    details = [item.kind] + ([item.level] if item.level else [])
    if item.est_hours is not None:
        details.append(f"~{item.est_hours:g} h")
    paint.line(f"  {paint.mark(status)} {paint(item.id, 'bold')}  {item.title}  {paint(' · '.join(details), 'dim')}")
    if item.subtopics:
        paint.line("      " + paint(shorten(", ".join(item.subtopics), terminal_width() - 6), "dim"))
    for resource in item.resources[:4]:
        paint.line(f"      {paint(resource_label(resource) + ':', 'dim')} {resource.title}"
                   + (f" — {resource.url}" if resource.url else ""))
    if item.template:
        paint.line(f"      {paint('start it:', 'green')} genai new {item.template}")


# --- status -------------------------------------------------------------------------------------
def status_json(result: StatusResult) -> None:
    payload: dict[str, Any] = {
        "roadmap": roadmap_ref(result.roadmap),
        "total": result.total,
        "finished": result.finished,
        "verified": result.verified,
        "phases": [phase_json(pp) for pp in result.phases],
        "orphans": [{"id": key, **record} for key, record in sorted(result.orphans.items())],
    }
    if result.phase:
        payload["phase"] = {
            "id": result.phase.id,
            "title": result.phase.title,
            "items": [{"id": item.id, "title": item.title, "kind": item.kind,
                       "status": record.get("status") or "pending", "updated": record.get("updated"),
                       "note": record.get("note"), "project_dir": record.get("project_dir"),
                       "verified": progress.verified(record) is not None,
                       "verification": _verification_json(record, result.changed.get(item.id))}
                      for item, record in result.items],
        }
    emit_json("status", payload)


def _verification_json(record: dict[str, Any], changed: str | None) -> dict[str, Any] | None:
    """The last verification's evidence (passed or not), with how the project changed since."""
    evidence = record.get("verified")
    if not isinstance(evidence, dict):
        return {"passed": True} if evidence is True else None
    return {**evidence, "passed": progress.verified(record) is not None, "changed_since": changed}


def verification_words(record: dict[str, Any], changed: str | None = None) -> str | None:
    """"verified at abc1234", "verified at abc1234, changed since (…)", "verification failed", or None."""
    evidence = record.get("verified")
    if evidence is None:
        return None
    if progress.verified(record) is None:
        return "last verification failed"
    commit = evidence.get("commit") if isinstance(evidence, dict) else None
    words = "verified" + (f" at {commit[:7]}" if isinstance(commit, str) else "")
    day = clock.day_of(evidence.get("at")) if isinstance(evidence, dict) else ""
    words += f" on {day}" if day else ""
    return words + (f", changed since ({changed})" if changed else "")


def status_text(result: StatusResult) -> None:
    if result.phase:
        _phase_checklist(result)
    else:
        _phase_table(result)
    if result.orphans:
        paint = Painter()
        paint.line()
        paint.line(paint(f"{len(result.orphans)} recorded item(s) are no longer in this roadmap", "yellow")
                   + " (kept in the state file; add their old id to an item's 'aliases' to re-attach them):")
        for key, record in sorted(result.orphans.items()):
            paint.line(f"  {key}  " + paint(f"{record.get('status', '')} {record.get('updated', '')}", "dim"))


def _phase_checklist(result: StatusResult) -> None:
    paint = Painter()
    phase = result.phase
    pp = next(p for p in result.phases if p.phase.id == phase.id)
    paint.line(paint(phase.title, "bold") + f"  {bar(_fraction(pp))} {pp.finished}/{pp.total}")
    if phase.goal:
        paint.line(paint(f"Goal: {phase.goal}", "dim"))
    group = None
    for item, record in result.items:
        if item.group and item.group != group:
            group = item.group
            paint.line()
            paint.line("  " + paint(group, "bold"))
        note = "  " + paint(record["note"], "italic", "dim") if record.get("note") else ""
        paint.line(f"  {paint.mark(record.get('status') or 'pending')} {item.id}  {item.title}{note}")
        if record.get("project_dir"):
            paint.line("      " + paint(f"project: {record['project_dir']}", "dim"))
        proof = verification_words(record, result.changed.get(item.id))
        if proof:
            good = progress.verified(record) is not None and item.id not in result.changed
            paint.line("      " + paint(proof, "green" if good else "yellow"))
        elif item.template and record.get("status") == "done":
            paint.line("      " + paint(f"ticked, not verified: genai verify {item.id}", "yellow"))


def _phase_table(result: StatusResult) -> None:
    from rich.table import Table

    rm = result.roadmap
    table = Table(title=f"{rm.title} ({rm.id})", title_justify="left", show_edge=False)
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column("Phase", ratio=1)
    table.add_column("Duration", style="dim", no_wrap=True)
    table.add_column("Done", justify="right", no_wrap=True)
    table.add_column("Verified", justify="right", no_wrap=True)
    table.add_column("Progress", no_wrap=True)
    for index, pp in enumerate(result.phases, 1):
        fraction = _fraction(pp)
        style = "green" if fraction == 1 else ("yellow" if pp.finished or pp.in_progress else "default")
        table.add_row(str(index), escape(pp.phase.title), escape(pp.phase.duration or ""), f"{pp.finished}/{pp.total}",
                      str(pp.verified) if pp.verified else "[dim]-[/]",
                      f"[{style}]{bar(fraction, 12)}[/] {pp.percent:>3}%")
    out = console()
    out.print(table)
    total = result.total
    out.print(f"\nOverall: {result.finished}/{total} items  {bar(result.finished / total if total else 1, 30)} "
              f"{round(100 * result.finished / total) if total else 100}%"
              + (f"; {result.verified} verified by genai" if result.verified else "")
              + (f", {result.finished - result.verified} only ticked" if result.verified else ""))


# --- check --------------------------------------------------------------------------------------
def check_text(result: CheckResult) -> None:
    paint = Painter()
    if not result.changes:
        paint.line("Nothing changed.")
        return
    for item, before, after in result.changes:
        verb = {"done": "done", "pending": "back to pending", "skipped": "skipped", "in_progress": "started"}[after]
        same = " (already)" if before == after else ""
        paint.line(f"{paint.mark(after)} {item.id}  {item.title}  {paint(verb + same, 'dim')}")
    if result.phase:
        pp = result.phase
        paint.line(paint(pp.phase.title + ":", "dim") + f" {bar(_fraction(pp), 12)} {pp.finished}/{pp.total}")
    for item in result.unverified:
        paint.line(paint(f"{item.id} is ticked, not verified: run its tests and acceptance checks with "
                         f"`genai verify {item.id}`", "yellow"))


# --- roadmaps -----------------------------------------------------------------------------------
def roadmap_list_json(summaries: list[RoadmapSummary]) -> None:
    emit_json("roadmap.list", {"roadmaps": [asdict(s) for s in summaries]})


def roadmap_list_text(summaries: list[RoadmapSummary]) -> None:
    from rich.table import Table

    table = Table(show_edge=False)
    for column in ("", "Id", "Title", "Phases", "Items", "Done", "From"):
        table.add_column(column)
    for s in summaries:
        if s.error:
            table.add_row("", s.id, f"[red]{escape(s.error)}[/]", "", "", "", s.origin)
            continue
        table.add_row("[green]*[/]" if s.active else "", s.id, escape(s.title), str(s.phases), str(s.items),
                      f"{s.finished}", s.origin)
    out = console()
    out.print(table)
    out.print("[dim]* active roadmap · switch with: genai roadmap use ID[/]")


def roadmap_show_json(rm: Roadmap, prog: Progress) -> None:
    data = rm.to_dict()
    for phase in data["phases"]:
        for item in phase["items"]:
            item["status"] = prog.status(rm.by_id[item["id"]])
    emit_json("roadmap.show", {"roadmap": {**roadmap_ref(rm), **data}})


def roadmap_show_text(rm: Roadmap, prog: Progress) -> None:
    paint = Painter()
    paint.line(paint(rm.title, "bold") + "  " + paint(f"({rm.id}, {len(rm.phases)} phases, {len(rm.items)} items)", "dim"))
    if rm.source:
        paint.line(paint(f"Source: {rm.source}", "dim"))
    if rm.description:
        paint.line(rm.description.strip())
    for phase in rm.phases:
        duration = "  " + paint(phase.duration, "dim") if phase.duration else ""
        paint.line()
        paint.line(paint(phase.title, "bold", "cyan") + duration + "  " + paint(phase.id, "dim"))
        if phase.goal:
            paint.line("  " + paint(f"Goal: {phase.goal}", "dim"))
        for item in phase.items:
            paint.line(f"  {paint.mark(prog.status(item))} {item.id}  {item.title}  {paint(item.kind, 'dim')}")


def validate_json(result: ValidationResult) -> None:
    emit_json("roadmap.validate", {
        "file": result.file, "valid": result.valid, "roadmap_id": result.roadmap_id, "items": result.items,
        "problems": [asdict(p) for p in result.problems],
    })


def validate_text(result: ValidationResult) -> None:
    if result.valid:
        paint = Painter()
        for problem in result.warnings:
            paint.line(paint(problem.format(result.file), "yellow"))
        warned = f", {len(result.warnings)} warning(s)" if result.warnings else ""
        paint.line(f"{paint.mark('done')} {result.file} is a valid roadmap ('{result.roadmap_id}', "
                   f"{result.items} items{warned})")
        return
    paint = Painter(sys.stderr)
    for problem in result.problems:
        paint.line(problem.format(result.file))
    errors = len(result.problems) - len(result.warnings)
    paint.line(f"{paint('✘', 'red')} {errors} problem(s) in {result.file}")


def message(text: str) -> None:
    """A one-line confirmation of what a write command did."""
    Painter().line(text)


def paths_json(locations: dict[str, Any]) -> None:
    emit_json("path", {"paths": {name: str(path) for name, path in locations.items()}})


def paths_text(locations: dict[str, Any]) -> None:
    width = max(map(len, locations))
    for name, path in locations.items():
        sys.stdout.write(f"{name.ljust(width)}  {path}\n")


# --- new ----------------------------------------------------------------------------------------
def new_list_json(infos: list[TemplateInfo]) -> None:
    emit_json("new.list", {"templates": [
        {"id": i.id, "title": i.title, "level": i.level, "effort": i.effort, "stack": i.stack,
         "stack_entries": i.stack_entries, "sources": i.sources, "summary": i.summary, "available": i.available,
         "new_command": f"genai new {i.id}"} for i in infos]})


def new_list_text(infos: list[TemplateInfo]) -> None:
    from rich.table import Table

    table = Table(show_edge=False)
    for column in ("Id", "Title", "Level", "Effort", "Stack", "From"):
        table.add_column(column)
    for i in infos:
        style = "" if i.available else "dim"
        table.add_row(i.id if i.available else f"{i.id} (planned)", escape(i.title), i.level, escape(i.effort),
                      escape(", ".join(i.stack)), escape(", ".join(i.sources)), style=style)
    out = console()
    out.print(table)
    out.print("[dim]Start one with: genai new ID [DEST]   (--no-input --set KEY=VALUE without a terminal)[/]")


class _Steps:
    """A spinner on stderr that appears at the first step, so it never covers a question."""

    def __init__(self) -> None:
        self.status = None

    def __call__(self, text: str) -> None:
        if self.status is None:
            self.status = console(stderr=True).status(text)
            self.status.start()
        else:
            self.status.update(text)

    def stop(self) -> None:
        if self.status is not None:
            self.status.stop()


class steps:  # noqa: N801 - used as `with render.steps() as step:`
    """Context manager around _Steps that always stops the spinner."""

    def __enter__(self) -> _Steps:
        self.progress = _Steps()
        return self.progress

    def __exit__(self, *exc) -> None:
        self.progress.stop()


def new_text(result: NewResult) -> None:
    out = console()
    out.soft_wrap = True  # paths and commands are copied from here: never break them
    where = escape(str(result.dest))
    if result.dry_run:
        out.print(f"[bold]Dry run:[/] would create a [bold]{result.template.id}[/] project "
                  f"(template {result.version}) in {where} with {len(result.files)} files; nothing was written.")
        out.print("[dim]Answers:[/]")
        for key, value in result.answers.items():
            out.print(f"  {key} = {escape(str(value))}")
        out.print("[dim]Files:[/]")
        for name in result.files:
            out.print(f"  {escape(name)}")
        return
    out.print(f"[green]✔[/] Created a [bold]{result.template.id}[/] project in {where} "
              f"({len(result.files)} files, {result.seconds:.1f} s)")
    out.print(f"{'[green]✔[/]' if result.git_ok else '[yellow]![/]'} {escape(result.git)}")
    for roadmap_id, item_id, _ in result.started:
        out.print(f"[yellow]▶[/] {escape(item_id)} in roadmap {escape(roadmap_id)} is now in progress")
    for warning in result.warnings:
        out.print(f"[yellow]![/] {escape(warning)}")
    out.print("\n[bold]Next steps[/]")
    width = max(len(cmd) for cmd, _ in result.next_steps)
    for cmd, what in result.next_steps:
        out.print(f"  {escape(cmd.ljust(width))}  [dim]# {escape(what)}[/]")


# --- roadmap check-links ------------------------------------------------------------------------
class progress_bar:  # noqa: N801 - used as `with render.progress_bar(...) as advance:`
    """A progress bar on stderr when it is a terminal; otherwise nothing at all."""

    def __init__(self, label: str):
        self.label = label
        self._progress = None

    def __enter__(self):
        if not sys.stderr.isatty():
            return None
        from rich.progress import Progress as RichProgress

        self._progress = RichProgress(console=console(stderr=True), transient=True)
        self._progress.start()
        task = self._progress.add_task(self.label, total=None)

        def advance(done: int, total: int) -> None:
            self._progress.update(task, completed=done, total=total)

        return advance

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()


def _link_json(link) -> dict[str, Any]:
    return {"url": link.url, "items": link.items, "ok": link.ok, "status": link.status,
            "final_url": link.final_url, "seconds": round(link.seconds, 3), "slow": link.slow, "error": link.error}


def links_json(report: LinkReport) -> None:
    emit_json("roadmap.check-links", {
        "roadmap": roadmap_ref(report.roadmap), "checked": len(report.links), "offline": report.offline,
        "broken": len(report.broken), "slow": len(report.slow), "timeout": report.timeout,
        "links": [_link_json(link) for link in report.links],
    })


def links_text(report: LinkReport) -> None:
    paint = Painter()
    rm = report.roadmap
    if not report.links:
        paint.line(f"'{rm.id}' has no resource links to check.")
        return
    if report.offline:
        Painter(sys.stderr).line(paint("✘", "red") + f" cannot reach the network: none of the {len(report.links)} "
                                 f"links of '{rm.id}' could be connected to; nothing was checked")
        return
    for link in report.broken:
        why = f"HTTP {link.status}" if link.status is not None else link.error
        moved = f" (after a redirect to {link.final_url})" if link.redirected else ""
        paint.line(f"{paint('✘', 'red')} {link.url}  {paint(why, 'red')}{moved}  " + paint(", ".join(link.items), "dim"))
    for link in report.slow:
        paint.line(f"{paint('◷', 'yellow')} {link.url}  {paint(f'slow: {link.seconds:.1f} s', 'yellow')}  "
                   + paint(", ".join(link.items), "dim"))
    redirected = [link for link in report.links if link.ok and link.redirected]
    for link in redirected:
        paint.line(f"{paint('→', 'cyan')} {link.url}  moved to {link.final_url}")
    ok = len(report.links) - len(report.broken)
    paint.line(f"{len(report.links)} links in '{rm.id}': {ok} ok, {len(report.broken)} broken, "
               f"{len(report.slow)} slow, {len(redirected)} redirected")
