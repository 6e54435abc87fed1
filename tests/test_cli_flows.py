"""next / check / status / roadmap through the installed `genai` console script."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import MINI, run_genai_process


def test_next_starts_at_the_first_item_and_shows_resources(genai):
    r = genai("next", "-r", str(MINI))
    assert r.code == 0, r
    assert "python" in r.out and "The Python Tutorial" in r.out and "https://docs.python.org/3/tutorial/" in r.out
    # numpy depends on python, so it is not offered yet
    assert "numpy" not in r.out


def test_next_respects_dependencies_and_count(genai):
    assert genai("check", "python", "-r", str(MINI)).code == 0
    items = [i["id"] for i in genai("next", "-n", "10", "-r", str(MINI), "--json").json()["items"]]
    assert items == ["numpy", "rag-project", "q-rag"]  # matmul still waits on numpy
    assert [i["id"] for i in genai("next", "-n", "1", "-r", str(MINI), "--json").json()["items"]] == ["numpy"]


def test_next_for_a_project_suggests_genai_new(genai):
    genai("check", "python", "numpy", "matmul", "-r", str(MINI))
    r = genai("next", "-n", "1", "-r", str(MINI))
    assert "rag-project" in r.out and "genai new rag-chatbot" in r.out


def test_next_with_phase_limits_to_that_phase(genai):
    r = genai("next", "--phase", "building", "-n", "5", "-r", str(MINI), "--json")
    assert [i["id"] for i in r.json()["items"]] == ["q-rag"]
    assert r.json()["blocked"] == [{"id": "rag-project", "waiting_on": ["python"]}]
    # phases can also be named by number
    assert genai("next", "--phase", "2", "-r", str(MINI), "--json").json()["phase"] == "building"


def test_next_says_so_when_everything_is_done(genai):
    r = genai("check", "python", "numpy", "matmul", "rag-project", "q-rag", "-r", str(MINI))
    assert r.code == 0, r
    r = genai("next", "-r", str(MINI))
    assert r.code == 0 and "Everything in 'Mini Roadmap' is done" in r.out
    assert genai("next", "-r", str(MINI), "--json").json()["all_done"] is True


def test_check_accepts_prefix_title_and_alias(genai):
    assert genai("check", "pyth", "-r", str(MINI)).code == 0  # unique id prefix
    assert genai("check", "numpy-basics", "-r", str(MINI)).code == 0  # alias
    assert genai("check", "matrix mult", "-r", str(MINI)).code == 0  # title words
    done = {i["id"]: i["status"] for i in genai("status", "basics", "-r", str(MINI), "--json").json()["phase"]["items"]}
    assert done == {"python": "done", "numpy": "done", "matmul": "done"}


def test_unknown_or_ambiguous_item_changes_nothing(genai, genai_home):
    r = genai("check", "python", "pythn-typo", "-r", str(MINI))
    assert r.code == 1
    assert "no item 'pythn-typo'" in r.err and "python" in r.err and "nothing was changed" in r.err
    assert not (genai_home / "state.json").exists()
    r = genai("check", "q", "-r", str(MINI))  # hits nothing by prefix... 'q-rag' only
    assert r.code == 0
    r = genai("check", "a", "-r", str(MINI))  # title substring matching many items
    assert r.code == 1 and "matches" in r.err and "Traceback" not in r.err


def test_check_undo_skip_start_and_note(genai):
    genai("check", "python", "-r", str(MINI), "--note", "did the official tutorial")
    genai("check", "numpy", "-r", str(MINI), "--start")
    genai("check", "matmul", "-r", str(MINI), "--skip")
    items = {i["id"]: i for i in genai("status", "1", "-r", str(MINI), "--json").json()["phase"]["items"]}
    assert items["python"]["status"] == "done" and items["python"]["note"] == "did the official tutorial"
    assert items["numpy"]["status"] == "in_progress" and items["matmul"]["status"] == "skipped"
    genai("check", "python", "--undo", "-r", str(MINI))
    items = {i["id"]: i for i in genai("status", "1", "-r", str(MINI), "--json").json()["phase"]["items"]}
    assert items["python"]["status"] == "pending"
    assert items["python"]["note"] == "did the official tutorial"  # undo keeps the note
    r = genai("check", "python", "--undo", "--skip", "-r", str(MINI))
    assert r.code == 2 and "only one of" in r.err


def test_check_without_items_and_without_tty_is_a_usage_error(genai):
    r = genai("check", "-r", str(MINI))
    assert r.code == 2
    assert "ITEM" in r.err


def test_status_table_and_phase_checklist(genai):
    genai("check", "python", "numpy", "-r", str(MINI))
    r = genai("status", "-r", str(MINI))
    assert r.code == 0
    assert "Phase 1 — Basics" in r.out and "2/3" in r.out and "0/2" in r.out and "Overall: 2/5" in r.out
    r = genai("status", "basics", "-r", str(MINI))
    assert "✔ python" in r.out and "○ matmul" in r.out


def test_unknown_phase_lists_close_matches(genai):
    r = genai("status", "basix", "-r", str(MINI))
    assert r.code == 1 and "no phase 'basix'" in r.err and "basics" in r.err


def test_bad_option_value_is_exit_2(genai):
    assert genai("next", "-n", "zero").code == 2
    assert genai("next", "-n", "0", "-r", str(MINI)).code == 2
    assert genai("no-such-command").code == 2


def test_default_roadmap_is_zero_to_hero_and_use_switches(genai):
    r = genai("next", "--json")
    assert r.code == 0, r
    assert r.json()["roadmap"]["id"] == "zero-to-hero"
    assert genai("roadmap", "use", "llm-systems").code == 0
    assert genai("next", "--json").json()["roadmap"]["id"] == "llm-systems"
    r = genai("roadmap", "use", "llm-sytems")
    assert r.code == 1 and "did you mean 'llm-systems'" in r.err


def test_roadmap_list_shows_all_bundled_with_active_marker(genai):
    data = genai("roadmap", "list", "--json").json()
    ids = {r["id"] for r in data["roadmaps"]}
    assert {"zero-to-hero", "llm-systems", "llm-engineer", "llm-learning-path", "genai-engineering"} <= ids
    assert [r["id"] for r in data["roadmaps"] if r["active"]] == ["zero-to-hero"]
    assert all(r["error"] is None and r["items"] > 0 for r in data["roadmaps"])
    text = genai("roadmap", "list").out
    assert "zero-to-hero" in text and "* active roadmap" in text


def test_roadmap_show(genai):
    r = genai("roadmap", "show", str(MINI))
    assert r.code == 0 and "Phase 2 — Building" in r.out and "rag-project" in r.out
    data = genai("roadmap", "show", str(MINI), "--json").json()["roadmap"]
    assert data["phases"][1]["items"][1]["answer"].startswith("Retrieval-augmented")


def test_roadmap_add_then_use_by_id(genai, mini, genai_home):
    r = genai("roadmap", "add", str(mini), "--use")
    assert r.code == 0, r
    assert (genai_home / "roadmaps" / "mini.yaml").exists()
    mini.unlink()  # the added copy lives on in the data dir
    assert genai("next", "--json").json()["roadmap"]["id"] == "mini"
    r = genai("roadmap", "add", str(MINI))
    assert r.code == 1 and "--force" in r.err
    assert genai("roadmap", "add", str(MINI), "--force").code == 0


def test_roadmap_add_refuses_a_bundled_id(genai, tmp_path):
    clash = tmp_path / "clash.yaml"
    clash.write_text(MINI.read_text().replace("id: mini", "id: zero-to-hero", 1))
    r = genai("roadmap", "add", str(clash))
    assert r.code == 1 and "bundled" in r.err


def test_roadmap_edits_are_picked_up_despite_the_cache(genai, mini):
    assert genai("next", "-r", str(mini), "--json").json()["items"][0]["title"] == "Python fluency"
    mini.write_text(mini.read_text().replace("Python fluency", "Python, fluently"))
    assert genai("next", "-r", str(mini), "--json").json()["items"][0]["title"] == "Python, fluently"


def test_path_lists_every_location(genai, genai_home):
    data = genai("path", "--json").json()
    assert data["paths"]["state_file"] == str(genai_home / "state.json")
    assert set(data["paths"]) >= {"data_dir", "state_file", "state_backup", "cache_dir", "bundled_roadmaps",
                                  "project_templates", "user_roadmaps"}
    assert str(genai_home) in genai("path").out


def test_version_and_python_dash_m(genai):
    r = genai("--version")
    assert r.code == 0 and r.out.startswith("genai-roadmap ")
    proc = subprocess.run([sys.executable, "-m", "genai_roadmap", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout == r.out


def _registered_commands() -> list[list[str]]:
    """Every command the app registers, sub-apps walked (sqlite-utils' test_docs does the same)."""
    import typer

    from genai_roadmap.cli import app

    def walk(group, prefix):
        for name, command in group.commands.items():
            if hasattr(command, "commands"):
                yield from walk(command, prefix + [name])
            else:
                yield prefix + [name]

    return sorted(walk(typer.main.get_command(app), []))


def test_every_command_help_has_an_example(genai):
    commands = _registered_commands()
    assert ["hw"] in commands and ["roadmap", "validate"] in commands and len(commands) >= 20
    for cmd in commands:
        r = genai(*cmd, "--help")
        assert r.code == 0 and "Example: genai " + " ".join(cmd) in " ".join(r.out.split()), cmd


def test_shell_completion_is_available(genai):
    r = genai("--show-completion", "bash", env={"SHELL": "/bin/bash"})
    assert r.code == 0 and "complete" in r.out


def test_internal_errors_have_no_traceback_without_debug(genai, mini):
    mini.write_text("id: [unclosed\n")
    r = genai("next", "-r", str(mini))
    assert r.code == 1 and "Traceback" not in r.err and f"{mini}:" in r.err
    r = run_genai_process("--debug", "next", "-r", str(mini))  # the interpreter prints the traceback
    assert r.code == 1 and "Traceback" in r.err


@pytest.mark.own_roadmap_cache
def test_the_roadmap_cache_keeps_one_entry_per_file(genai, mini, genai_home):
    original = mini.read_text()
    for title in ("One", "Two", "Three"):
        mini.write_text(original.replace("title: Mini Roadmap", f"title: Mini {title}", 1))
        assert genai("next", "-r", str(mini), "--json").json()["roadmap"]["title"] == f"Mini {title}"
    assert len(list((genai_home / "cache" / "roadmaps").glob("*.pickle"))) == 1
    # a damaged cache entry is ignored, never trusted
    (entry,) = (genai_home / "cache" / "roadmaps").glob("*.pickle")
    entry.write_bytes(b"not a pickle")
    assert genai("next", "-r", str(mini), "--json").json()["roadmap"]["title"] == "Mini Three"
