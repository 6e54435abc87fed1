"""Two views of every result: rich text for people, a versioned JSON envelope for scripts.

JSON envelopes are `{"schema": "genai.<command>/1", ...}`; a field is only ever added within a
schema version, never renamed or removed (tests/test_json_contract.py pins them).
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from typing import Any

from genai_roadmap.actions import CheckResult, RoadmapSummary, ValidationResult
from genai_roadmap.progress import NextResult, PhaseProgress, Progress, StatusResult
from genai_roadmap.roadmap import Item, Roadmap

STATUS_MARK = {"done": "[green]✔[/]", "skipped": "[dim]–[/]", "in_progress": "[yellow]▶[/]", "pending": "[dim]○[/]"}


def console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=not sys.stdout.isatty())


def emit_json(schema: str, payload: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps({"schema": f"genai.{schema}/1", **payload}, indent=2, ensure_ascii=False) + "\n")


def bar(fraction: float, width: int = 20) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)


def _roadmap_ref(rm: Roadmap) -> dict[str, Any]:
    return {"id": rm.id, "title": rm.title, "path": rm.path, "origin": rm.origin}


def _phase_json(pp: PhaseProgress) -> dict[str, Any]:
    return {"id": pp.phase.id, "title": pp.phase.title, "duration": pp.phase.duration, "total": pp.total,
            "done": pp.done, "skipped": pp.skipped, "in_progress": pp.in_progress, "percent": pp.percent}


def _item_json(item: Item) -> dict[str, Any]:
    data = asdict(item)
    data["new_command"] = f"genai new {item.template}" if item.template else None
    return data


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


# --- next ---------------------------------------------------------------------------------------
def next_json(result: NextResult) -> None:
    emit_json("next", {
        "roadmap": _roadmap_ref(result.roadmap),
        "phase": result.phase.id if result.phase else None,
        "remaining": result.remaining,
        "all_done": result.remaining == 0,
        "items": [{**_item_json(n.item), "status": n.status, "phase": _phase_json(n.phase)} for n in result.items],
        "blocked": [{"id": item.id, "waiting_on": unmet} for item, unmet in result.blocked],
    })


def next_text(result: NextResult) -> None:
    out = console()
    rm = result.roadmap
    scope = f"phase '{result.phase.title}'" if result.phase else f"'{rm.title}'"
    if result.remaining == 0:
        out.print(f"[bold green]Everything in {_escape(scope)} is done.[/] 🎉")
        out.print("See your progress with: genai status" + ("" if result.phase else "  ·  pick another roadmap: genai roadmap list"))
        return
    if not result.items:
        out.print(f"Nothing in {_escape(scope)} can start yet: every remaining item waits on another one.")
        for item, unmet in result.blocked[:5]:
            out.print(f"  {item.id} waits on {', '.join(unmet)}")
        return
    out.print(f"[bold]{_escape(rm.title)}[/]  [dim]next {len(result.items)} of {result.remaining} remaining[/]")
    shown_phase = None
    for entry in result.items:
        pp = entry.phase
        if pp.phase.id != shown_phase:
            shown_phase = pp.phase.id
            duration = f"  [dim]{_escape(pp.phase.duration)}[/]" if pp.phase.duration else ""
            out.print(f"\n[bold cyan]{_escape(pp.phase.title)}[/]{duration}  {bar(pp.finished / pp.total if pp.total else 1, 12)} {pp.finished}/{pp.total}")
        _print_item(out, entry.item, entry.status)
    first = result.items[0].item
    out.print(f"\n[dim]Tick one off with:[/] genai check {first.id}")


def _print_item(out, item: Item, status: str) -> None:
    details = [item.kind]
    if item.level:
        details.append(item.level)
    if item.est_hours is not None:
        details.append(f"~{item.est_hours:g} h")
    out.print(f"  {STATUS_MARK[status]} [bold]{_escape(item.id)}[/]  {_escape(item.title)}  [dim]{' · '.join(details)}[/]")
    if item.subtopics:
        out.print("      [dim]" + _escape(", ".join(item.subtopics)) + "[/]")
    for resource in item.resources[:4]:
        link = f" — {resource.url}" if resource.url else ""
        out.print(f"      [dim]{resource.kind}:[/] {_escape(resource.title)}{link}")
    if item.template:
        out.print(f"      [green]start it:[/] genai new {item.template}")


# --- status -------------------------------------------------------------------------------------
def status_json(result: StatusResult) -> None:
    payload: dict[str, Any] = {
        "roadmap": _roadmap_ref(result.roadmap),
        "total": result.total,
        "finished": result.finished,
        "phases": [_phase_json(pp) for pp in result.phases],
        "orphans": [{"id": key, **record} for key, record in sorted(result.orphans.items())],
    }
    if result.phase:
        payload["phase"] = {
            "id": result.phase.id,
            "title": result.phase.title,
            "items": [{"id": item.id, "title": item.title, "kind": item.kind,
                       "status": record.get("status") or "pending", "updated": record.get("updated"),
                       "note": record.get("note")} for item, record in result.items],
        }
    emit_json("status", payload)


def status_text(result: StatusResult) -> None:
    from rich.table import Table

    out = console()
    rm = result.roadmap
    if result.phase:
        pp = next(p for p in result.phases if p.phase.id == result.phase.id)
        out.print(f"[bold]{_escape(result.phase.title)}[/]  {bar(pp.finished / pp.total if pp.total else 1)} "
                  f"{pp.finished}/{pp.total}")
        if result.phase.goal:
            out.print(f"[dim]Goal: {_escape(result.phase.goal)}[/]")
        group = None
        for item, record in result.items:
            if item.group and item.group != group:
                group = item.group
                out.print(f"\n  [bold]{_escape(group)}[/]")
            state = record.get("status") or "pending"
            note = f"  [italic dim]{_escape(record['note'])}[/]" if record.get("note") else ""
            out.print(f"  {STATUS_MARK[state]} {_escape(item.id)}  {_escape(item.title)}{note}")
    else:
        table = Table(title=f"{rm.title} ({rm.id})", title_justify="left", show_edge=False)
        table.add_column("#", justify="right", style="dim")
        table.add_column("Phase")
        table.add_column("Duration", style="dim")
        table.add_column("Done", justify="right")
        table.add_column("Progress")
        for index, pp in enumerate(result.phases, 1):
            fraction = pp.finished / pp.total if pp.total else 1
            style = "green" if fraction == 1 else ("yellow" if pp.finished or pp.in_progress else "")
            table.add_row(str(index), _escape(pp.phase.title), _escape(pp.phase.duration or ""),
                          f"{pp.finished}/{pp.total}", f"[{style}]{bar(fraction)}[/] {pp.percent}%" if style else f"{bar(fraction)} {pp.percent}%")
        out.print(table)
        total = result.total
        out.print(f"\nOverall: {result.finished}/{total} items  {bar(result.finished / total if total else 1, 30)} "
                  f"{round(100 * result.finished / total) if total else 100}%")
    if result.orphans:
        out.print(f"\n[yellow]{len(result.orphans)} recorded item(s) are no longer in this roadmap[/] "
                  "(kept in the state file; add their old id to an item's 'aliases' to re-attach them):")
        for key, record in sorted(result.orphans.items()):
            out.print(f"  {_escape(key)}  [dim]{record.get('status', '')} {record.get('updated', '')}[/]")


# --- check --------------------------------------------------------------------------------------
def check_text(result: CheckResult) -> None:
    out = console()
    if not result.changes:
        out.print("Nothing changed.")
        return
    for item, before, after in result.changes:
        verb = {"done": "done", "pending": "back to pending", "skipped": "skipped", "in_progress": "started"}[after]
        same = " (already)" if before == after else ""
        out.print(f"{STATUS_MARK[after]} {_escape(item.id)}  {_escape(item.title)}  [dim]{verb}{same}[/]")
    if result.phase:
        pp = result.phase
        out.print(f"[dim]{_escape(pp.phase.title)}:[/] {bar(pp.finished / pp.total if pp.total else 1, 12)} "
                  f"{pp.finished}/{pp.total}")


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
            table.add_row("", s.id, f"[red]{_escape(s.error)}[/]", "", "", "", s.origin)
            continue
        table.add_row("[green]*[/]" if s.active else "", s.id, _escape(s.title), str(s.phases), str(s.items),
                      f"{s.finished}", s.origin)
    out = console()
    out.print(table)
    out.print("[dim]* active roadmap · switch with: genai roadmap use ID[/]")


def roadmap_show_json(rm: Roadmap, prog: Progress) -> None:
    data = rm.to_dict()
    for phase in data["phases"]:
        for item in phase["items"]:
            item["status"] = prog.status(rm.by_id[item["id"]])
    emit_json("roadmap.show", {"roadmap": {**_roadmap_ref(rm), **data}})


def roadmap_show_text(rm: Roadmap, prog: Progress) -> None:
    out = console()
    out.print(f"[bold]{_escape(rm.title)}[/]  [dim]({rm.id}, {len(rm.phases)} phases, {len(rm.items)} items)[/]")
    if rm.source:
        out.print(f"[dim]Source: {_escape(rm.source)}[/]")
    if rm.description:
        out.print(_escape(rm.description.strip()))
    for phase in rm.phases:
        duration = f"  [dim]{_escape(phase.duration)}[/]" if phase.duration else ""
        out.print(f"\n[bold cyan]{_escape(phase.title)}[/]{duration}  [dim]{phase.id}[/]")
        if phase.goal:
            out.print(f"  [dim]Goal: {_escape(phase.goal)}[/]")
        for item in phase.items:
            out.print(f"  {STATUS_MARK[prog.status(item)]} {_escape(item.id)}  {_escape(item.title)}  [dim]{item.kind}[/]")


def validate_json(result: ValidationResult) -> None:
    emit_json("roadmap.validate", {
        "file": result.file, "valid": result.valid, "roadmap_id": result.roadmap_id, "items": result.items,
        "problems": [asdict(p) for p in result.problems],
    })


def validate_text(result: ValidationResult) -> None:
    if result.valid:
        console().print(f"[green]✔[/] {_escape(result.file)} is a valid roadmap ('{result.roadmap_id}', "
                        f"{result.items} items)")
        return
    err = console(stderr=True)
    for problem in result.problems:
        err.print(_escape(problem.format(result.file)))
    err.print(f"[red]✘[/] {len(result.problems)} problem(s) in {_escape(result.file)}")


def paths_json(locations: dict[str, Any]) -> None:
    emit_json("path", {"paths": {name: str(path) for name, path in locations.items()}})


def paths_text(locations: dict[str, Any]) -> None:
    width = max(map(len, locations))
    for name, path in locations.items():
        sys.stdout.write(f"{name.ljust(width)}  {path}\n")
