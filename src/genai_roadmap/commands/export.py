"""`genai export` (progress as a Markdown checklist, JSON, CSV, or an HTML map) and `genai view`.

The JSON export (`"schema": "genai.export/1"`) carries every item's record as the state file
holds it (status, dates, notes, quiz schedule), plus the records of items no longer in the
roadmap, so it is a complete backup of one roadmap's progress; `genai import` (importing.py)
merges it back. The formats themselves are written by render/export.py and html_map.py.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from genai_roadmap import clock, files, paths, progress
from genai_roadmap.errors import GenaiError, UsageError
from genai_roadmap.roadmap import Item, Phase, Roadmap
from genai_roadmap.selection import select

FORMATS = ("md", "json", "csv", "html")


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
    state: dict[str, Any] = field(default_factory=dict, repr=False)  # the snapshot the rows came from

    @property
    def items(self) -> list[Row]:
        return [r for r in self.rows if r.item is not None]

    @property
    def orphans(self) -> list[Row]:
        return [r for r in self.rows if r.item is None]


def collect(name: str | None) -> ExportData:
    rm, current = select(name)
    prog = progress.Progress(rm, current)
    rows = [Row(item.id, item, rm.phase_by_id[item.phase_id], prog.status(item), dict(prog.record(item)))
            for item in rm.items]
    rows += [Row(key, None, None, record.get("status") or "pending", dict(record))
             for key, record in sorted(prog.orphans.items())]
    return ExportData(rm, clock.now_iso(), rows, [progress.phase_progress(prog, p) for p in rm.phases],
                      current)


def export_text(data: ExportData, fmt: str, notes: bool = True) -> str:
    """The export of `data` in `fmt`: md, json, csv, or html (a self-contained page)."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}")
    if fmt == "html":
        from genai_roadmap import html_map

        return html_map.page(data, notes)
    from genai_roadmap.render import export as formats

    return formats.export_text(data, fmt, notes)


@dataclass
class ExportResult:
    data: ExportData
    format: str
    text: str
    path: Path | None  # where it was written; None: for stdout


def export(name: str | None, fmt: str, notes: bool = True, output: Path | None = None,
           force: bool = False) -> ExportResult:
    """The export in `fmt`, written to `output` when given (atomically; replacing only with force)."""
    fmt = fmt.lower()
    data = collect(name)
    text = export_text(data, fmt, notes)
    return ExportResult(data, fmt, text, write(output, text, force) if output is not None else None)


def write(path: Path, text: str, force: bool = False) -> Path:
    """Write an export atomically; an existing file is only replaced with force."""
    path = path.expanduser()
    if path.exists() and not force:
        raise GenaiError(f"{path} already exists; nothing was written", hint="replace it with --force")
    if not path.parent.is_dir():
        raise GenaiError(f"the directory {path.parent} does not exist; nothing was written")
    files.write_atomic(path, text)
    return path


# --- genai view -------------------------------------------------------------------------------
@dataclass
class ViewResult:
    roadmap_id: str
    path: Path
    opened: bool
    reason: str | None  # why the browser was not opened


def view(name: str | None, notes: bool = True, open_browser: bool = True) -> ViewResult:
    """Write the map to the cache directory and open it in the system browser when there is one."""
    from genai_roadmap import html_map

    data = collect(name)
    target = paths.map_file(data.roadmap.id)
    target.parent.mkdir(parents=True, exist_ok=True)
    files.write_atomic(target, html_map.page(data, notes))
    opened, reason = open_in_browser(target) if open_browser else (False, "--no-open was given")
    return ViewResult(data.roadmap.id, target, opened, reason)


def open_in_browser(path: Path, interactive: bool | None = None) -> tuple[bool, str | None]:
    """Open `path` in a graphical browser without waiting for it: (opened, why not)."""
    if os.environ.get("CI", "").lower() not in ("", "0", "false"):
        return False, "CI is set"
    if interactive is None:
        interactive = sys.stdout.isatty()
    if not interactive:
        return False, "not on a terminal"
    import webbrowser

    try:
        controller = webbrowser.get()
    except webbrowser.Error:
        return False, "no web browser was found"
    if _waits_for_exit(controller):
        # A text-mode browser (lynx, w3m) would take over this terminal until it quits.
        return False, "only a text-mode browser was found"
    try:
        opened = bool(controller.open(path.as_uri(), new=2))
    except OSError as exc:
        return False, f"the browser did not start ({exc})"
    return opened, None if opened else "the browser did not start"


def _waits_for_exit(controller: Any) -> bool:
    import webbrowser

    if isinstance(controller, webbrowser.BackgroundBrowser):
        return False
    unix = getattr(webbrowser, "UnixBrowser", None)
    if unix is not None and isinstance(controller, unix):
        return not getattr(controller, "background", False)
    return type(controller) is webbrowser.GenericBrowser
