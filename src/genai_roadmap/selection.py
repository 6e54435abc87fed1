"""Which roadmap a command works on, and the progress state it reads: the one default rule.

The roadmap is the one named (`--roadmap ID|PATH`), else `GENAI_ROADMAP`, else the state's active
roadmap, else the bundled default.
"""

from __future__ import annotations

import os

from genai_roadmap import roadmap, state


def active_roadmap_id(current: dict) -> str:
    return os.environ.get("GENAI_ROADMAP") or current.get("active_roadmap") or roadmap.DEFAULT_ROADMAP


def select(name: str | None) -> tuple[roadmap.Roadmap, dict]:
    """The roadmap a command works on (named, else the active one) and the current state."""
    current = state.read_state()
    return roadmap.find_roadmap(name or active_roadmap_id(current)), current
