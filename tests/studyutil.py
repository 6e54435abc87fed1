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


def record_progress(genai, python_note: str):
    """Progress on the study roadmap: done with notes, skipped, in progress, a quiz answer.

    Returns the runner (`run(day, *args)`) for more of the same.
    """
    run = lambda day, *args: genai(*args, "-r", str(STUDY), env=at(day))  # noqa: E731
    run("2026-01-01", "check", "python", "--note", "official tutorial")
    run("2026-01-02", "note", "python", python_note)
    run("2026-01-02", "check", "numpy", "--skip")
    run("2026-01-03", "check", "attention", "--start")
    run("2026-01-03", "quiz", "-n", "1", "--answers", "knew")  # q-python
    return run
