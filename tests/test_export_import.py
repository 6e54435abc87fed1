"""`genai export` (md, json, csv) and `genai import` (round trip, merge keeps newer, broken files)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timezone

import pytest

from genai_roadmap import srs

from studyutil import STUDY, at, record_progress, records


@pytest.fixture
def progress(genai):
    """Some progress on the study roadmap: done, skipped, in progress, notes and a quiz answer."""
    return record_progress(genai, 'generators [finally] *clicked*')


def export(genai, *args, day="2026-01-04"):
    r = genai("export", "-r", str(STUDY), *args, env=at(day))
    assert r.code == 0, r
    return r.out


def test_markdown_checklist_for_a_readme(genai, progress):
    md = export(genai)
    assert md.startswith("# Study Roadmap\n")
    assert "**3/9** finished (33%), exported 2026-01-04" in md
    assert "## Phase 1 — Basics (3/4)\n\n_Weeks 1–2 · Learn the basics_" in md
    assert ("- [x] Python fluency (done 2026-01-01) — [The Python Tutorial](https://docs.python.org/3/tutorial/)"
            in md)
    assert "  - 2026-01-01: official tutorial\n  - 2026-01-02: generators \\[finally\\] \\*clicked\\*" in md
    assert "- [x] ~~NumPy arrays~~ (skipped)" in md
    assert "- [ ] Attention (in progress)" in md
    assert "- [ ] Implement matrix multiplication\n" in md
    assert "- [x] What is a generator? (done 2026-01-03)" in md
    assert "## Interview (0/2)" in md
    assert "official tutorial" not in export(genai, "--no-notes")


def test_csv_for_scripts(genai, progress):
    rows = list(csv.DictReader(io.StringIO(export(genai, "--format", "csv"))))
    assert [r["id"] for r in rows] == ["python", "numpy", "matmul", "q-python", "attention", "rag", "q-attention",
                                       "q-rag", "q-free"]
    python = rows[0]
    assert (python["phase"], python["status"], python["est_hours"], python["note"]) == ("basics", "done", "10",
                                                                                       "official tutorial")
    assert python["notes"] == "2026-01-02: generators [finally] *clicked*"
    assert python["urls"] == "https://docs.python.org/3/tutorial/"
    q = rows[3]
    assert (q["quiz_due"], q["quiz_repetitions"], q["quiz_ease"], q["quiz_answers"]) == \
        ("2026-01-05", "1", "", "knew")  # FSRS has no ease; repetitions: recalls since the last miss
    assert float(q["quiz_stability"]) > 1 and 1 <= float(q["quiz_difficulty"]) <= 10
    assert rows[0]["quiz_stability"] == rows[0]["quiz_difficulty"] == ""  # a topic has no quiz
    assert rows[2]["status"] == "pending" and rows[2]["est_hours"] == ""


def test_json_export_is_versioned_and_complete(genai, progress, genai_home):
    data = json.loads(export(genai, "--format", "json"))
    assert data["schema"] == "genai.export/1"
    assert data["roadmap"]["id"] == "study" and data["exported_at"] == "2026-01-04T09:00:00+00:00"
    assert data["summary"]["total"] == 9 and data["summary"]["finished"] == 3
    items = {i["id"]: i for i in data["items"]}
    assert set(items["python"]) >= {"id", "title", "kind", "phase", "est_hours", "status", "updated", "done_at", "note",
                                    "notes", "quiz"}
    assert items["python"]["notes"] == records(genai_home)["python"]["notes"]
    assert items["q-python"]["quiz"] == records(genai_home)["q-python"]["quiz"]
    assert items["matmul"]["status"] == "pending" and items["matmul"]["notes"] is None


def test_output_file_is_never_overwritten_without_force(genai, progress, tmp_path):
    target = tmp_path / "PROGRESS.md"
    r = genai("export", "-r", str(STUDY), "-o", str(target))
    assert r.code == 0 and "Wrote the md export" in r.out and target.read_text().startswith("# Study Roadmap")
    target.write_text("my own README")
    r = genai("export", "-r", str(STUDY), "-o", str(target))
    assert r.code == 1 and "--force" in r.err and target.read_text() == "my own README"
    assert genai("export", "-r", str(STUDY), "-o", str(target), "--force").code == 0
    assert genai("export", "-r", str(STUDY), "--format", "xml").code == 2


def test_round_trip_into_a_fresh_home(genai, progress, genai_home, tmp_path, monkeypatch):
    backup = tmp_path / "backup.json"
    genai("export", "-r", str(STUDY), "--format", "json", "-o", str(backup))
    before = records(genai_home)
    monkeypatch.setenv("GENAI_HOME", str(tmp_path / "other-home"))
    r = genai("import", str(backup))
    assert r.code == 0, r
    assert "4 added, 0 updated, 0 already up to date" in r.out and "not installed" not in r.out
    assert records(tmp_path / "other-home") == before
    # importing again changes nothing
    data = genai("import", str(backup), "--json").json()
    assert data["schema"] == "genai.import/1" and data["added"] == [] and len(data["unchanged"]) == 4
    assert data["roadmap_known"] is True  # found through the path the export recorded


def test_merge_keeps_the_newer_data_on_both_sides(genai, progress, genai_home, tmp_path):
    backup = tmp_path / "backup.json"
    genai("export", "-r", str(STUDY), "--format", "json", "-o", str(backup))
    data = json.loads(backup.read_text())
    items = {i["id"]: i for i in data["items"]}
    # In the backup (edited later, elsewhere): rag done on Jan 10, a note on python, q-python answered again.
    items["rag"].update(status="done", updated="2026-01-10T09:00:00+00:00", done_at="2026-01-10T09:00:00+00:00")
    items["python"]["notes"].append({"at": "2026-01-09T09:00:00+00:00", "text": "from the laptop"})
    quiz = items["q-python"]["quiz"]
    assert quiz["fsrs"]["state"] == 2 and quiz["due"] == "2026-01-05"  # exported as FSRS wrote it
    before = quiz["fsrs"]["stability"]
    theirs = srs.schedule(quiz, "knew", datetime(2026, 1, 4, 9, tzinfo=timezone.utc), date(2026, 1, 4))
    quiz.update(theirs)
    # ...but numpy was skipped there on Jan 2 while here it is now done (Jan 12): ours is newer.
    backup.write_text(json.dumps(data, indent=2))
    genai("check", "numpy", "-r", str(STUDY), env=at("2026-01-12"))
    genai("note", "python", "from the desktop", "-r", str(STUDY), env=at("2026-01-11"))

    r = genai("import", str(backup), "--json")
    assert r.code == 0, r
    result = r.json()
    assert sorted(result["updated"]) == ["python", "q-python"] and result["added"] == ["rag"]
    assert result["kept_newer"] == ["numpy"]
    now = records(genai_home)
    assert now["numpy"]["status"] == "done" and now["numpy"]["updated"] == "2026-01-12T09:00:00+00:00"
    assert now["rag"]["status"] == "done"
    assert [n["text"] for n in now["python"]["notes"]] == ["generators [finally] *clicked*", "from the laptop",
                                                          "from the desktop"]
    # the later side's FSRS card and due date win; the answers of both sides are kept
    assert now["q-python"]["quiz"] == theirs and len(theirs["history"]) == 2
    assert theirs["fsrs"]["stability"] > before and theirs["due"] > "2026-01-05"
    assert (genai_home / "state.json.bak").exists()  # written through update_state


def test_a_newer_status_without_a_note_keeps_our_note(genai, genai_home, tmp_path):
    genai("check", "python", "--note", "desktop note", "-r", str(STUDY), env=at("2026-01-01"))
    export_file = tmp_path / "laptop.json"
    data = json.loads(export(genai, "--format", "json"))
    entry = next(i for i in data["items"] if i["id"] == "python")
    # on the laptop python was undone later, and it never had the note
    entry.update(status="pending", updated="2026-01-05T09:00:00+00:00", done_at=None, note=None)
    export_file.write_text(json.dumps(data))
    assert genai("import", str(export_file)).code == 0
    record = records(genai_home)["python"]
    assert "status" not in record and "done_at" not in record  # the newer undo wins
    assert record["note"] == "desktop note" and record["updated"] == "2026-01-05T09:00:00+00:00"


def test_import_keeps_orphans_and_fields_other_commands_record(genai, genai_home, tmp_path):
    genai_home.mkdir(parents=True)
    state = {"schema_version": 1, "roadmaps": {"study": {"items": {
        "old-id": {"status": "done", "updated": "2025-12-01T09:00:00+00:00"},
        "rag": {"status": "in_progress", "updated": "2025-12-02T09:00:00+00:00", "project_dir": "/home/me/rag"}}}}}
    (genai_home / "state.json").write_text(json.dumps(state))
    backup = tmp_path / "backup.json"
    genai("export", "-r", str(STUDY), "--format", "json", "-o", str(backup))
    data = json.loads(backup.read_text())
    assert [o["id"] for o in data["orphans"]] == ["old-id"]
    assert next(i for i in data["items"] if i["id"] == "rag")["project_dir"] == "/home/me/rag"
    (genai_home / "state.json").unlink()
    assert genai("import", str(backup)).code == 0
    assert records(genai_home) == state["roadmaps"]["study"]["items"]


def test_broken_json_reports_line_and_column(genai, progress, genai_home, tmp_path):
    broken = tmp_path / "broken.json"
    text = export(genai, "--format", "json").replace('"total": 9,', '"total": 9', 1)
    broken.write_text(text)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if '"total": 9' in row) + 1
    before = (genai_home / "state.json").read_text()
    r = genai("import", str(broken))
    assert r.code == 1 and "not valid JSON" in r.err and "nothing was imported" in r.err
    assert f"{broken}:{line}:" in r.err and "(json)" in r.err
    assert (genai_home / "state.json").read_text() == before


def test_bad_fields_report_their_line_and_field(genai, progress, genai_home, tmp_path):
    data = json.loads(export(genai, "--format", "json"))
    data["items"][1]["status"] = "finished"
    data["items"][3]["quiz"]["ease"] = "high"
    data["items"][0]["notes"][0]["at"] = "yesterday"
    bad = tmp_path / "bad.json"
    text = json.dumps(data, indent=2)
    bad.write_text(text)
    lines = text.splitlines()

    def line_of(needle, start=0):
        return next(n for n, row in enumerate(lines, 1) if n > start and needle in row)

    before = (genai_home / "state.json").read_text()
    r = genai("import", str(bad))
    assert r.code == 1 and "3 problem(s); nothing was imported" in r.err, r
    at_yesterday, at_finished = line_of("yesterday"), line_of('"status": "finished"')
    at_high = line_of('"ease": "high"')
    assert f"{bad}:{at_yesterday}: items[0].notes[0].at: 'yesterday' is not an ISO 8601 time" in r.err
    assert f"{bad}:{at_finished}: items[1].status: is 'finished', not one of" in r.err
    assert f"{bad}:{at_high}: items[3].quiz.ease: is 'high', not a positive finite number" in r.err
    assert (genai_home / "state.json").read_text() == before


def test_not_an_export_or_a_newer_one(genai, tmp_path):
    other = tmp_path / "other.json"
    other.write_text('{"schema": "genai.next/1"}')
    r = genai("import", str(other))
    assert r.code == 1 and f"{other}:1: schema:" in r.err and "genai export --format json" in r.err
    other.write_text('{\n  "schema": "genai.export/2",\n  "roadmap": {"id": "x"},\n  "items": []\n}')
    r = genai("import", str(other))
    assert r.code == 1 and f"{other}:2: schema:" in r.err and "newer genai-roadmap" in r.err
    assert genai("import", str(tmp_path / "missing.json")).code == 2
