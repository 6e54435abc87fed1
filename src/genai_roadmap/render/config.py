"""Renderers of `genai config`: a setting, all of them, and what a change did."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from genai_roadmap.render.core import Painter, emit_json

if TYPE_CHECKING:
    from genai_roadmap.config import Entry, Listing


def _config_value(value: Any) -> str:
    return "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def _entry_json(entry: Entry) -> dict[str, Any]:
    return {"key": entry.key, "value": entry.value, "set": entry.is_set, "default": entry.default,
            "accepts": entry.accepts, "help": entry.help}


def get_json(entry: Entry, file: Path) -> None:
    emit_json("config.get", {"file": str(file), **_entry_json(entry)})


def list_json(listing: Listing) -> None:
    emit_json("config.list", {"file": str(listing.file), "settings": [_entry_json(e) for e in listing.entries]})


def get_text(entry: Entry) -> None:
    sys.stdout.write(_config_value(entry.value) + "\n")


def list_text(listing: Listing) -> None:
    paint = Painter()
    paint.line(paint(f"# {listing.file}", "dim"))
    width = max(len(e.key) for e in listing.entries)
    for e in listing.entries:
        if e.is_set:
            shown = _config_value(e.value)
        else:
            shown = paint("(default " + _config_value(e.default) + ")" if e.default is not None else "(not set)", "dim")
        paint.line(f"{e.key.ljust(width)} = {shown}  " + paint(f"# {e.help}; {e.accepts}", "dim"))


def changed(entry: Entry, file: Path) -> None:
    paint = Painter()
    if entry.is_set:
        paint.line(f"{entry.key} = {_config_value(entry.value)}  " + paint(f"(saved in {file})", "dim"))
    else:
        default = f"; default {_config_value(entry.default)}" if entry.default is not None else ""
        paint.line(f"{entry.key} unset{default}  " + paint(f"({file})", "dim"))

