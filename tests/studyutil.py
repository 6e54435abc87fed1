"""Helpers for the study-command tests (quiz, stats, notes, export, config): a fixed clock and the state."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import DATA

STUDY = DATA / "roadmaps" / "study.yaml"


def at(day: str, time: str = "09:00:00") -> dict[str, str]:
    """Environment for a run on a fixed clock (GENAI_NOW) in UTC, so local days are predictable."""
    return {"GENAI_NOW": f"{day}T{time}+00:00", "TZ": "UTC"}


def records(home: Path, roadmap: str = "study") -> dict:
    return json.loads((home / "state.json").read_text())["roadmaps"][roadmap]["items"]
