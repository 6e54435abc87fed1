"""`genai note`: your own dated notes on an item.

Notes are appended, dated, to the item's record in the state file (`notes: [{at, text}]`); the
single `note` that `genai check --note` sets stays as it is, and both are shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from genai_roadmap import clock, progress, state
from genai_roadmap.errors import UsageError
from genai_roadmap.roadmap import Item, Roadmap
from genai_roadmap.selection import select


@dataclass
class NoteResult:
    roadmap: Roadmap
    item: Item
    note: dict[str, str]
    count: int  # notes on the item now


def add_note(name: str | None, query: str, text: str) -> NoteResult:
    text = state.check_note(text.strip())
    if not text:
        raise UsageError("the note is empty; give its text: genai note ITEM \"text\"")
    rm, _ = select(name)
    item = progress.find_item(rm, query)
    note = {"at": clock.now_iso(), "text": text}
    with state.update_state() as current:
        record = state.item_record(current, rm.id, item.id, item.aliases)
        record.setdefault("notes", []).append(note)
        count = len(record["notes"])
    return NoteResult(rm, item, note, count)
