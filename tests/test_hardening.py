"""Hostile input and environment faults: each case a reliability review found, and how it behaves now."""

from __future__ import annotations

import json
import os
import stat
import subprocess

import pytest

from conftest import GENAI
from studyutil import STUDY, at, records
from test_validation import write

ESC_TITLE = "Evil \x1b]0;pwned\x07title \x1b[8mhidden\x1b[0m \x9b2J"


def evil_roadmap(tmp_path):
    return write(tmp_path, f"- id: a\n  title: {json.dumps(ESC_TITLE)}\n  kind: topic\n"
                           f"  notes: {json.dumps('line one' + chr(27) + '[2J')}\n")


# --- terminal escape injection --------------------------------------------------------------------
def assert_inert(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text, repr(text)


@pytest.mark.parametrize("command", [["next"], ["show", "a"], ["status", "1"], ["roadmap", "show"]])
def test_control_sequences_in_a_roadmap_never_reach_the_terminal(genai, tmp_path, command):
    path = evil_roadmap(tmp_path)
    r = genai(*command, str(path)) if command[0] == "roadmap" else genai(*command, "-r", str(path))
    assert r.code == 0, r
    assert_inert(r.out + r.err)
    assert "\\u001b]0;pwned\\u0007title" in r.out  # shown, escaped, not obeyed


def test_our_own_colours_pass_but_a_users_conceal_does_not(genai, tmp_path):
    path = evil_roadmap(tmp_path)
    r = genai("next", "-r", str(path), env={"FORCE_COLOR": "1"})
    assert "\x1b[1m" in r.out  # the renderer's bold
    assert "\x1b[8m" not in r.out and "\\u001b[8mhidden" in r.out


def test_control_sequences_in_notes_and_imports_are_escaped(genai, genai_home, tmp_path):
    assert genai("note", "python", "hi \x1b]2;owned\x07", "-r", str(STUDY)).code == 0
    shown = genai("show", "python", "-r", str(STUDY))
    assert_inert(shown.out)
    assert "hi \\u001b]2;owned\\u0007" in shown.out


def test_json_output_stays_valid_json_with_control_characters(genai, tmp_path):
    path = evil_roadmap(tmp_path)
    r = genai("next", "-r", str(path), "--json")
    assert_inert(r.out)
    assert r.json()["items"][0]["title"] == ESC_TITLE  # the data itself is kept, escaped by JSON


# --- NaN and Infinity -------------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e400", "-5", "0"])
def test_config_refuses_non_finite_and_out_of_range_hours(genai, genai_home, value):
    r = genai("config", "set", "hours-per-week", value)
    assert r.code == 2 and "hours-per-week must be a number > 0" in r.err, r
    assert "No such option" not in r.err
    assert not (genai_home / "config.toml").exists()


def test_a_nan_in_the_config_file_is_refused_with_its_line(genai, genai_home):
    genai_home.mkdir(parents=True)
    (genai_home / "config.toml").write_text("quiz-size = 5\nhours-per-week = nan\n")
    r = genai("stats", "-r", str(STUDY))
    assert r.code == 1 and f"{genai_home / 'config.toml'}:2: hours-per-week" in r.err, r


def exported(genai, tmp_path) -> dict:
    assert genai("check", "python", "--note", "mine", "-r", str(STUDY), env=at("2026-01-01")).code == 0
    assert genai("quiz", "-r", str(STUDY), "-n", "1", "--answers", "knew", env=at("2026-01-01")).code == 0
    out = tmp_path / "export.json"
    assert genai("export", "--format", "json", "-o", str(out), "-r", str(STUDY), env=at("2026-01-01")).code == 0
    return json.loads(out.read_text())


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_import_refuses_nan_and_infinity_with_the_line(genai, genai_home, tmp_path, literal):
    data = exported(genai, tmp_path)
    quizzed = next(i for i, entry in enumerate(data["items"]) if entry.get("quiz"))
    data["items"][quizzed]["quiz"]["ease"] = "__X__"
    text = json.dumps(data, indent=2).replace('"__X__"', literal)
    bad = tmp_path / "bad.json"
    bad.write_text(text)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if literal in row)
    before = (genai_home / "state.json").read_bytes()
    r = genai("import", str(bad), env=at("2026-01-02"))
    assert r.code == 1 and f"{bad}:{line}:" in r.err and "nothing was imported" in r.err, r
    assert (genai_home / "state.json").read_bytes() == before


def test_a_nan_in_the_state_file_is_damage_not_data(genai, genai_home):
    genai_home.mkdir(parents=True)
    (genai_home / "state.json").write_text('{"schema_version": 1, "roadmaps": {"study": {"items": '
                                           '{"q-python": {"quiz": {"ease": NaN}}}}}}')
    r = genai("status", "-r", str(STUDY))
    assert r.code == 1 and "is damaged" in r.err and "NaN" in r.err, r


# --- import never drops local data ------------------------------------------------------------------
def test_a_record_from_the_future_is_refused(genai, genai_home, tmp_path):
    data = exported(genai, tmp_path)
    python = next(entry for entry in data["items"] if entry["id"] == "python")
    python.update(status="pending", updated="9999-12-31T00:00:00+00:00", note="from the future")
    future = tmp_path / "future.json"
    future.write_text(json.dumps(data, indent=2))
    before = (genai_home / "state.json").read_bytes()
    r = genai("import", str(future), env=at("2026-01-02"))
    assert r.code == 1 and "'9999-12-31T00:00:00+00:00' is in the future" in r.err, r
    assert (genai_home / "state.json").read_bytes() == before


def test_conflicting_records_keep_both_notes(genai, genai_home, tmp_path):
    data = exported(genai, tmp_path)  # ours: python done on Jan 1 with the note "mine"
    python = next(entry for entry in data["items"] if entry["id"] == "python")
    python.update(status="in_progress", updated="2026-01-03T09:00:00+00:00", note="theirs")
    theirs = tmp_path / "theirs.json"
    theirs.write_text(json.dumps(data))
    assert genai("import", str(theirs), env=at("2026-01-04")).code == 0
    record = records(genai_home)["python"]
    assert record["status"] == "in_progress" and record["note"] == "theirs"  # the newer side wins the status
    assert {"at": "2026-01-01T09:00:00+00:00", "text": "mine"} in record["notes"]  # ours is kept, dated
    # and the other way round: an older import keeps its note beside ours
    python.update(status="skipped", updated="2025-12-01T09:00:00+00:00", note="old idea")
    theirs.write_text(json.dumps(data))
    assert genai("import", str(theirs), env=at("2026-01-04")).code == 0
    record = records(genai_home)["python"]
    assert record["status"] == "in_progress" and record["note"] == "theirs"
    texts = [n["text"] for n in record["notes"]]
    assert "mine" in texts and "old idea" in texts


# --- state file -------------------------------------------------------------------------------------
def damage(genai_home, text="{not json"):
    genai_home.mkdir(parents=True, exist_ok=True)
    (genai_home / "state.json").write_text(text)


def test_repair_reset_twice_in_one_second_keeps_both_copies_owner_only(genai, genai_home):
    damage(genai_home, "{first")
    assert genai("state", "repair", "--reset", env=at("2026-01-01")).code == 0
    damage(genai_home, "{second")
    assert genai("state", "repair", "--reset", env=at("2026-01-01")).code == 0
    kept = sorted(genai_home.glob("state.json.broken-*"))
    assert [p.read_text() for p in kept] == ["{first", "{second"]
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in kept)
    assert stat.S_IMODE((genai_home / "state.json").stat().st_mode) == 0o600


def test_stray_temp_files_are_cleaned_on_the_next_write(genai, genai_home):
    assert genai("check", "python", "-r", str(STUDY)).code == 0
    stray = genai_home / ".state.json.abc123.tmp"
    stray.write_text("{half a wri")
    assert genai("check", "numpy", "-r", str(STUDY)).code == 0
    assert not stray.exists()


def test_a_damaged_backup_is_not_offered(genai, genai_home):
    damage(genai_home)
    (genai_home / "state.json.bak").write_text("also broken")
    r = genai("status", "-r", str(STUDY))
    assert r.code == 1 and "genai state repair --reset" in r.err and "restore it with" not in r.err, r
    r = genai("state", "repair")
    assert r.code == 1 and "no usable backup" in r.err and "--reset" in r.err


@pytest.mark.parametrize("active", ['"../../etc"', "123", '"Zero To Hero"'])
def test_active_roadmap_is_validated_on_read(genai, genai_home, active):
    damage(genai_home, '{"schema_version": 1, "active_roadmap": ' + active + ', "roadmaps": {}}')
    before = (genai_home / "state.json").read_bytes()
    r = genai("next")
    assert r.code == 1 and "'active_roadmap' is" in r.err and str(genai_home / "state.json") in r.err, r
    assert "internal error" not in r.err
    assert (genai_home / "state.json").read_bytes() == before


def test_state_json_being_a_directory(genai, genai_home):
    (genai_home / "state.json").mkdir(parents=True)
    r = genai("check", "python", "-r", str(STUDY))
    assert r.code == 1 and "is a directory, not a file" in r.err and "state repair --reset" in r.err, r
    r = genai("state", "repair")
    assert r.code == 1 and "internal error" not in r.err
    r = genai("state", "repair", "--reset")
    assert r.code == 0 and "kept as" in r.out, r
    assert (genai_home / "state.json").is_file()
    assert any(p.is_dir() for p in genai_home.glob("state.json.broken-*"))


# --- environment faults -----------------------------------------------------------------------------
def test_a_data_directory_that_cannot_be_made_names_the_path(genai, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    home = blocker / "genai"
    r = genai("check", "python", "-r", str(STUDY), env={"GENAI_HOME": str(home)})
    assert r.code == 1 and str(blocker) in r.err and "internal error" not in r.err, r


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_a_read_only_data_directory_names_the_path(genai, genai_home):
    assert genai("check", "python", "-r", str(STUDY)).code == 0
    genai_home.chmod(0o555)
    try:
        r = genai("check", "numpy", "-r", str(STUDY))
    finally:
        genai_home.chmod(0o755)
    assert r.code == 1 and str(genai_home) in r.err and "internal error" not in r.err, r


def test_a_write_refused_by_the_file_system_names_the_path(genai, genai_home, monkeypatch):
    import errno
    import tempfile

    def refuse(*args, dir=None, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(dir))

    assert genai("check", "python", "-r", str(STUDY)).code == 0
    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    r = genai("check", "numpy", "-r", str(STUDY))
    assert r.code == 1 and f"cannot write the progress file {genai_home / 'state.json'}" in r.err, r
    assert "GENAI_HOME" in r.err and "internal error" not in r.err


def test_new_into_a_symlink_to_a_directory(genai, tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    r = genai("new", "faq-chatbot", str(tmp_path / "link"), "--no-input", "--no-git")
    assert r.code == 0, r
    assert (real / "pyproject.toml").exists()


@pytest.mark.parametrize("encoding,command", [("ascii", "status"), ("latin-1", "next")])
def test_a_terminal_that_cannot_show_unicode_gets_ascii_bars_and_marks(tmp_path, encoding, command):
    env = {**os.environ, "GENAI_HOME": str(tmp_path), "PYTHONIOENCODING": encoding, "COLUMNS": "120"}
    for command in ([command, "-r", str(STUDY)],):
        proc = subprocess.run([GENAI, *command], capture_output=True, env=env)
        assert proc.returncode == 0 and b"internal error" not in proc.stderr, proc.stderr
        out = proc.stdout.decode(encoding)
        assert "█" not in out and "✔" not in out and "○" not in out
        if command[0] == "next":
            assert "[ ] python" in out, out


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_stdout_on_a_full_disk_is_a_sentence(tmp_path):
    with open("/dev/full", "w") as full:
        proc = subprocess.run([GENAI, "roadmap", "show", "zero-to-hero"], stdout=full, stderr=subprocess.PIPE,
                              text=True, env={**os.environ, "GENAI_HOME": str(tmp_path)})
    assert proc.returncode == 1
    assert "cannot write the output: No space left on device" in proc.stderr and "internal error" not in proc.stderr


def test_a_reader_that_goes_away_is_no_error(tmp_path):
    script = f"{GENAI} roadmap show zero-to-hero | head -n 1"
    proc = subprocess.run(["bash", "-o", "pipefail", "-c", script], capture_output=True, text=True,
                          env={**os.environ, "GENAI_HOME": str(tmp_path)})
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr and "error" not in proc.stderr
    assert proc.stdout.count("\n") == 1


# --- limits -----------------------------------------------------------------------------------------
def test_notes_are_bounded(genai, genai_home):
    r = genai("note", "python", "x" * 10_001, "-r", str(STUDY))
    assert r.code == 2 and "the limit is 10,000" in r.err
    r = genai("check", "python", "--note", "x" * 10_001, "-r", str(STUDY))
    assert r.code == 2 and "the limit is 10,000" in r.err
    assert not (genai_home / "state.json").exists()


def test_imported_records_are_bounded(genai, tmp_path):
    big = tmp_path / "big.json"  # written as text: building 100,001 dicts first costs more than the check
    big.write_text('{"schema": "genai.export/1", "roadmap": {"id": "study"}, "items": ['
                   + ",".join(['{"id": "i", "status": "done"}'] * 100_001) + "]}")
    r = genai("import", str(big))
    assert r.code == 1 and "the limit is 100,000" in r.err, r


def test_an_export_that_is_a_device_is_refused(genai):
    r = genai("import", "/dev/zero")
    assert r.code == 1 and "not a regular file" in r.err, r


# --- messages and rough edges -----------------------------------------------------------------------
def test_next_fits_the_width_it_is_given(genai):
    for columns in (60, 100):
        r = genai("next", "-n", "5", env={"COLUMNS": str(columns)})
        subtopic_lines = [line for line in r.out.splitlines() if line.startswith("      ") and "…" in line]
        assert subtopic_lines and all(len(line) <= columns for line in subtopic_lines), r.out


def test_title_words_match_in_any_order(genai):
    r = genai("check", "why career")
    assert r.code == 0 and "orient-why-career" in r.out, r


def test_a_near_miss_id_suggests_the_one_it_meant(genai):
    r = genai("check", "orient-what-is-genaii")
    assert r.code == 1 and "did you mean: orient-what-is-genai)" in r.err, r


def test_help_shows_no_python_types(genai):
    for command in (["--help"], ["check", "--help"], ["next", "--help"], ["roadmap", "add", "--help"]):
        out = genai(*command).out
        assert "<bool>" not in out and "<list[str]>" not in out and "<str>" not in out, out


def test_show_renders_code_fences_as_indented_code(genai, tmp_path):
    path = write(tmp_path, "- id: a\n  title: A\n  kind: topic\n  notes: |\n    Try this:\n    ```python\n"
                           "    print(1)\n    ```\n")
    r = genai("show", "a", "-r", str(path))
    assert r.code == 0 and "```" not in r.out and "      print(1)" in r.out, r


def test_roadmap_sources_name_documents_not_build_files(genai):
    for ref in genai("roadmap", "list", "--json").json()["roadmaps"]:
        source = genai("roadmap", "show", ref["id"], "--json").json()["roadmap"]["source"]
        assert source and not any(word in source for word in ("seed", ".txt")), source
