"""Unit tests of the domain, below the CLI: a failure here points at a function, not a command line."""

from __future__ import annotations

import json

import pytest

from conftest import MINI
from genai_roadmap import files, progress, roadmap, state, terminal
from genai_roadmap.commands import importing, stats
from genai_roadmap.config import SETTINGS
from genai_roadmap.errors import NotFoundError, UsageError
from genai_roadmap.problems import JsonLines, located


@pytest.fixture
def mini_roadmap():
    return roadmap.load_roadmap(MINI)


# --- progress --------------------------------------------------------------------------------------
def test_next_items_respect_dependencies_and_finished_items(mini_roadmap):
    prog = progress.Progress(mini_roadmap, state.empty_state())
    first = [n.item.id for n in progress.next_items(prog, 10).items]
    current = state.empty_state()
    state.set_status(current, mini_roadmap.id, first[0], "done")
    after = [n.item.id for n in progress.next_items(progress.Progress(mini_roadmap, current), 10).items]
    assert first[0] not in after and len(after) >= 1
    blocked = {item.id for item, _ in progress.next_items(prog, 10).blocked}
    assert all(set(mini_roadmap.by_id[b].depends_on) for b in blocked)


def test_find_item_by_id_prefix_and_title_words_in_any_order(mini_roadmap):
    python = mini_roadmap.by_id["python"]
    assert progress.find_item(mini_roadmap, "python") is python
    words = python.title.split()
    assert progress.find_item(mini_roadmap, " ".join(reversed(words[:2]))).id == "python"
    with pytest.raises(NotFoundError):
        progress.find_item(mini_roadmap, "zzzz")


# --- state -----------------------------------------------------------------------------------------
def test_set_status_records_done_at_once_and_clears_it_on_undo():
    current = state.empty_state()
    record = state.set_status(current, "r", "a", "done")
    assert record["status"] == "done" and "done_at" in record
    state.set_status(current, "r", "a", None)
    assert "r" in current["roadmaps"] and "a" not in current["roadmaps"]["r"]["items"]


def test_record_problems_refuse_non_finite_ease_and_long_notes():
    problems = dict(state.record_problems({"quiz": {"ease": float("nan")}, "notes": [{"at": "x", "text": "y" * 10_001}]}))
    assert ("quiz", "ease") in problems and ("notes", 0, "text") in problems


# --- import merge ----------------------------------------------------------------------------------
def test_merge_keeps_both_notes_and_the_newer_status():
    ours = {"status": "done", "updated": "2026-01-01T00:00:00+00:00", "note": "mine"}
    theirs = {"status": "in_progress", "updated": "2026-01-02T00:00:00+00:00", "note": "theirs"}
    merged, kept = importing.merge_record(ours, theirs)
    assert merged["status"] == "in_progress" and merged["note"] == "theirs" and not kept
    assert {"at": "2026-01-01T00:00:00+00:00", "text": "mine"} in merged["notes"]
    merged, kept = importing.merge_record(theirs, ours)  # the other way round: ours is newer
    assert merged["status"] == "in_progress" and kept
    assert any(n["text"] == "mine" for n in merged["notes"])


# --- config parsing --------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["nan", "inf", "-5", "0", "1e400", "lots"])
def test_hours_per_week_refuses_what_is_not_a_sane_number(text):
    with pytest.raises(UsageError):
        SETTINGS["hours-per-week"].parse(text)


def test_hours_per_week_accepts_a_number():
    assert SETTINGS["hours-per-week"].parse("7.5") == 7.5 and SETTINGS["hours-per-week"].parse("10") == 10


# --- stats -----------------------------------------------------------------------------------------
def test_stats_streak_counts_consecutive_days():
    from datetime import date

    days = {date(2026, 1, 1), date(2026, 1, 2), date(2026, 1, 4), date(2026, 1, 5)}
    result = stats.streak(days, date(2026, 1, 5))
    assert (result.current, result.longest, result.last_active) == (2, 2, date(2026, 1, 5))


# --- the validator and located problems ------------------------------------------------------------
def test_validate_text_separates_warnings_from_errors():
    text = ("id: x\ntitle: X\nphases:\n  - id: p\n    title: P\n    items:\n"
            "      - {id: a, title: A, kind: topic, resources: [{title: R, kind: zine}]}\n")
    data, problems = roadmap.validate_text(text)
    assert data is not None and [p.severity for p in problems] == ["warning"]
    data, problems = roadmap.validate_text(text.replace("kind: topic", "kind: lesson"))
    assert data is None and "error" in [p.severity for p in problems]


def test_located_falls_back_to_the_nearest_known_position():
    marks = {(): (1, 1), ("a",): (3, 5)}
    problem = located(marks, ("a", 0, "b"), "bad")
    assert (problem.line, problem.column, problem.field) == (3, 5, "a[0].b")


def test_json_lines_finds_the_line_of_a_nested_field():
    text = json.dumps({"items": [{"id": "a"}, {"id": "b", "quiz": {"ease": 2}}]}, indent=2)
    line = JsonLines(text).line(("items", 1, "quiz", "ease"))
    assert text.splitlines()[line - 1].strip().startswith('"ease"')


# --- files and the terminal ------------------------------------------------------------------------
@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_strict_json_refuses_non_finite_numbers_at_their_position(literal):
    with pytest.raises(json.JSONDecodeError) as caught:
        files.strict_json('{\n  "a": ' + literal + "\n}")
    assert (caught.value.lineno, caught.value.colno) == (2, 8)


def test_read_text_refuses_what_is_too_big(tmp_path):
    big = tmp_path / "big"
    big.write_bytes(b"x" * 101)
    with pytest.raises(files.UnreadableFileError, match="the limit is 100 bytes"):
        files.read_text(big, 100)


def test_write_atomic_leaves_no_temp_file_and_owner_only_permissions(tmp_path):
    target = tmp_path / "f.json"
    files.write_atomic(target, "{}")
    assert target.read_text() == "{}" and [p.name for p in tmp_path.iterdir()] == ["f.json"]
    assert target.stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("raw,shown", [
    ("\x1b]0;title\x07", "\\u001b]0;title\\u0007"),
    ("a\x1b[8mhidden", "a\\u001b[8mhidden"),
    ("line\r\nnext", "line\\u000d\nnext"),
    ("tab\tok", "tab\tok"),
])
def test_sanitize_makes_control_characters_visible(raw, shown):
    assert terminal.sanitize(raw) == shown


def test_sanitize_keeps_plain_colours_only_when_colour_is_wanted():
    assert terminal.sanitize("\x1b[1;32mok\x1b[0m", colour=True) == "\x1b[1;32mok\x1b[0m"
    assert terminal.sanitize("\x1b[30mblack\x1b[0m", colour=True).startswith("\\u001b[30m")
