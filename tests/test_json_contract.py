"""The --json envelopes scripts rely on: schema names and the fields each one promises."""

from __future__ import annotations

from conftest import MINI


def keys(obj):
    return set(obj)


def test_next_envelope(genai):
    data = genai("next", "-r", str(MINI), "--json").json()
    assert data["schema"] == "genai.next/1"
    # fields may be added within a schema version, never removed: check the promised ones
    assert {"schema", "roadmap", "phase", "remaining", "all_done", "items", "blocked", "blocked_total"} <= keys(data)
    assert keys(data["roadmap"]) == {"id", "title", "path", "origin"}
    item = data["items"][0]
    assert {"id", "title", "kind", "status", "phase", "resources", "template", "new_command", "est_hours",
            "depends_on", "aliases", "notes", "answer", "subtopics"} <= keys(item)
    assert keys(item["phase"]) == {"id", "title", "duration", "total", "done", "skipped", "in_progress", "verified", "percent"}
    assert item["resources"][0] == {"title": "The Python Tutorial", "url": "https://docs.python.org/3/tutorial/",
                                    "kind": "docs", "free": None}


def test_status_envelope(genai):
    genai("check", "python", "-r", str(MINI))
    data = genai("status", "-r", str(MINI), "--json").json()
    assert data["schema"] == "genai.status/1"
    assert keys(data) == {"schema", "roadmap", "total", "finished", "verified", "phases", "orphans"}
    assert (data["total"], data["finished"]) == (5, 1)
    assert data["phases"][0] == {"id": "basics", "title": "Phase 1 — Basics", "duration": "Weeks 1–2", "total": 3,
                                 "done": 1, "skipped": 0, "in_progress": 0, "verified": 0, "percent": 33}
    data = genai("status", "basics", "-r", str(MINI), "--json").json()
    assert keys(data["phase"]) == {"id", "title", "items"}
    assert {"id", "title", "kind", "status", "updated", "note"} <= keys(data["phase"]["items"][0])


def test_roadmap_envelopes(genai):
    data = genai("roadmap", "list", "--json").json()
    assert data["schema"] == "genai.roadmap.list/1"
    assert keys(data["roadmaps"][0]) == {"id", "title", "origin", "path", "phases", "items", "finished", "active",
                                         "error"}
    data = genai("roadmap", "show", str(MINI), "--json").json()
    assert data["schema"] == "genai.roadmap.show/1"
    assert {"id", "title", "source", "description", "phases", "path", "origin"} <= keys(data["roadmap"])
    assert data["roadmap"]["phases"][0]["items"][0]["status"] == "pending"


def test_path_envelope(genai):
    data = genai("path", "--json").json()
    assert data["schema"] == "genai.path/1" and isinstance(data["paths"], dict)


def test_json_output_has_no_colour_codes_even_when_forced(genai):
    out = genai("next", "-r", str(MINI), "--json", env={"FORCE_COLOR": "1"}).out
    assert "\x1b[" not in out


def test_exercise_envelopes(genai, tmp_path):
    data = genai("exercise", "list", "--json").json()
    assert data["schema"] == "genai.exercise.list/1"
    assert {"schema", "workspace", "current", "solved", "total", "exercises"} <= keys(data)
    assert {"id", "title", "roadmap", "item", "phase", "status", "hints_shown", "hints_total"} <= keys(data["exercises"][0])
    genai("exercise", "start", "softmax", "--dir", str(tmp_path))
    result = genai("exercise", "check", "softmax", "--json")
    assert result.code == 1
    data = result.json()
    assert data["schema"] == "genai.exercise.check/1"
    assert {"schema", "exercise", "file", "passed", "tests", "counts", "first_failure", "explanation", "output",
            "seconds", "hints", "verified", "next"} <= keys(data)
    assert keys(data["exercise"]) == {"id", "title", "roadmap", "item", "phase"}
    assert {"name", "passed", "kind", "message", "what", "expected", "got", "line"} <= keys(data["first_failure"])
