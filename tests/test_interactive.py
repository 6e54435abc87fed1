"""`genai check` with no ITEM on a terminal: a questionary checkbox, driven through a pseudo-terminal."""

from __future__ import annotations

import json
import os

import pytest

from conftest import GENAI, MINI

pexpect = pytest.importorskip("pexpect")


def spawn(*args):
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "100", "LINES": "30"}
    return pexpect.spawn(GENAI, list(args), env=env, encoding="utf-8", timeout=30, dimensions=(30, 100))


def test_checkbox_ticks_and_unticks_the_current_phase(genai, genai_home):
    genai("check", "numpy", "-r", str(MINI))  # pre-ticked in the checkbox
    child = spawn("check", "-r", str(MINI))
    child.expect("which are done")
    child.expect("Python fluency")
    # cursor starts on the first item: tick python, move to numpy and untick it, save.
    child.send(" ")
    child.send("\x1b[B")  # arrow down
    child.send(" ")
    child.send("\r")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    items = json.loads((genai_home / "state.json").read_text())["roadmaps"]["mini"]["items"]
    assert items["python"]["status"] == "done"
    assert "status" not in items.get("numpy", {})


def test_checkbox_cancel_changes_nothing(genai, genai_home):
    child = spawn("check", "-r", str(MINI))
    child.expect("which are done")
    child.send(" ")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert not (genai_home / "state.json").exists()
