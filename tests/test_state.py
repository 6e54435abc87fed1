"""The progress file: atomic, locked, backed up, and never silently reset."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import GENAI, MINI


def state_path(home):
    return home / "state.json"


def test_state_file_is_readable_json_with_version(genai, genai_home):
    genai("check", "python", "-r", str(MINI), "--note", "done!")
    data = json.loads(state_path(genai_home).read_text())
    assert data["schema_version"] == 1
    record = data["roadmaps"]["mini"]["items"]["python"]
    assert record["status"] == "done" and record["note"] == "done!" and record["updated"].endswith("+00:00")
    assert state_path(genai_home).read_text().count("\n") > 5  # one field a line: diff-friendly


def test_each_write_keeps_the_previous_version_as_backup(genai, genai_home):
    genai("check", "python", "-r", str(MINI))
    first = state_path(genai_home).read_text()
    genai("check", "numpy", "-r", str(MINI))
    assert (genai_home / "state.json.bak").read_text() == first
    assert not list(genai_home.glob("*.tmp")) and not list(genai_home.glob(".state.json.*"))


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b'{"schema_version": "one", "roadmaps": {}}',
                                     b'{"schema_version": 1, "roadmaps": {"mini": {"items": {"python": {"status": "finished"}}}}}',
                                     b"\xff\xfe garbage"])
def test_corrupt_state_is_refused_and_left_byte_identical(genai, genai_home, content):
    genai_home.mkdir(parents=True)
    state_path(genai_home).write_bytes(content)
    for command in (["check", "python"], ["next"], ["status"], ["roadmap", "use", "llm-systems"]):
        r = genai(*command, "-r", str(MINI)) if command[0] != "roadmap" else genai(*command)
        assert r.code == 1, (command, r)
        assert str(state_path(genai_home)) in r.err and "damaged" in r.err and "Traceback" not in r.err
        assert "genai state repair" in r.err
        assert state_path(genai_home).read_bytes() == content


def test_newer_schema_is_refused_with_upgrade_advice(genai, genai_home):
    genai_home.mkdir(parents=True)
    content = b'{"schema_version": 99, "future": true}\n'
    state_path(genai_home).write_bytes(content)
    r = genai("check", "python", "-r", str(MINI))
    assert r.code == 1 and "newer genai-roadmap" in r.err and "pip install --upgrade genai-roadmap" in r.err
    assert state_path(genai_home).read_bytes() == content
    r = genai("state", "repair")
    assert r.code == 1 and state_path(genai_home).read_bytes() == content


def test_repair_restores_the_backup_and_keeps_the_damaged_file(genai, genai_home):
    genai("check", "python", "-r", str(MINI))
    genai("check", "numpy", "-r", str(MINI))
    state_path(genai_home).write_text("{truncated")
    r = genai("check", "matmul", "-r", str(MINI))
    assert r.code == 1 and "state.json.bak" in r.err
    r = genai("state", "repair")
    assert r.code == 0 and "restored" in r.out, r
    kept = list(genai_home.glob("state.json.broken-*"))
    assert len(kept) == 1 and kept[0].read_text() == "{truncated"
    done = genai("status", "1", "-r", str(MINI), "--json").json()["phase"]["items"]
    assert [i["status"] for i in done] == ["done", "pending", "pending"]  # the backup had python only
    assert "fine" in genai("state", "repair").out


def test_repair_without_backup_needs_reset(genai, genai_home):
    genai_home.mkdir(parents=True)
    state_path(genai_home).write_text("garbage")
    r = genai("state", "repair")
    assert r.code == 1 and "--reset" in r.err and state_path(genai_home).read_text() == "garbage"
    r = genai("state", "repair", "--reset")
    assert r.code == 0 and "fresh" in r.out
    assert json.loads(state_path(genai_home).read_text())["schema_version"] == 1
    assert [p.read_text() for p in genai_home.glob("state.json.broken-*")] == ["garbage"]


WRITER = """
import subprocess, sys
genai, roadmap, ids = sys.argv[1], sys.argv[2], sys.argv[3:]
for item in ids:
    subprocess.run([genai, "check", item, "-r", roadmap], check=True, capture_output=True)
"""


def test_concurrent_writers_lose_nothing(genai, genai_home, tmp_path):
    # Two processes, each ticking its own items through the real CLI, interleaved in time.
    roadmap = tmp_path / "wide.yaml"
    ids = [f"item-{n:02d}" for n in range(6)]
    items = "".join(f"      - {{id: {i}, title: Item {i}, kind: topic}}\n" for i in ids)
    roadmap.write_text(f"id: wide\ntitle: Wide\nphases:\n  - id: all\n    title: All\n    items:\n{items}")
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, GENAI, str(roadmap), *ids[k::2]]) for k in (0, 1)]
    assert [p.wait(timeout=300) for p in procs] == [0, 0]
    data = json.loads(state_path(genai_home).read_text())
    assert sorted(data["roadmaps"]["wide"]["items"]) == ids
    assert all(r["status"] == "done" for r in data["roadmaps"]["wide"]["items"].values())


def test_progress_survives_renames_through_aliases(genai, mini, genai_home):
    genai("check", "python", "numpy", "-r", str(mini))
    # The roadmap author renames 'python' to 'python-fluency' and keeps the old id as an alias,
    # and drops 'numpy' entirely.
    text = mini.read_text().replace("      - id: python\n", "      - id: python-fluency\n        aliases: [python]\n")
    text = text.replace("depends_on: [python]", "depends_on: [python-fluency]")
    mini.write_text(text)
    status = genai("status", "1", "-r", str(mini), "--json").json()
    items = {i["id"]: i["status"] for i in status["phase"]["items"]}
    assert items["python-fluency"] == "done"
    assert genai("next", "-r", str(mini), "--json").json()["items"][0]["id"] == "matmul"
    text = text.replace("      - id: numpy\n", "      - id: numpy-arrays\n").replace("[numpy]", "[numpy-arrays]")
    mini.write_text(text)
    status = genai("status", "-r", str(mini), "--json").json()
    assert [o["id"] for o in status["orphans"]] == ["numpy"]
    assert "no longer in this roadmap" in genai("status", "-r", str(mini)).out
    # the orphan record is still in the file
    assert "numpy" in json.loads(state_path(genai_home).read_text())["roadmaps"]["mini"]["items"]


def test_ticking_a_renamed_item_keeps_a_record_left_under_its_old_id(genai, mini, genai_home):
    # Both the old id (an alias now) and the current id have records: the tick must drop neither.
    genai_home.mkdir(parents=True)
    items = {"numpy-basics": {"status": "skipped", "note": "old", "updated": "2026-01-01T00:00:00+00:00"},
             "numpy": {"status": "in_progress", "updated": "2026-02-01T00:00:00+00:00"}}
    state_path(genai_home).write_text(json.dumps({"schema_version": 1, "roadmaps": {"mini": {"items": items}}}))
    assert genai("check", "numpy", "-r", str(mini)).code == 0
    saved = json.loads(state_path(genai_home).read_text())["roadmaps"]["mini"]["items"]
    assert saved["numpy"]["status"] == "done"
    assert saved["numpy-basics"]["note"] == "old"
