"""`genai new` on a terminal: questionary asks every question, checking answers as they are typed."""

from __future__ import annotations

import json
import os

import pytest

from conftest import GENAI

pexpect = pytest.importorskip("pexpect")

CLEAR_LINE = "\x15"  # ctrl-u: questionary pre-fills the default, so clear it before typing
DOWN = "\x1b[B"


def spawn(*args, cwd=None):
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "100", "LINES": "30"}
    return pexpect.spawn(GENAI, list(args), env=env, encoding="utf-8", timeout=30, dimensions=(30, 100), cwd=cwd)


def test_every_question_is_asked_with_defaults_that_follow_earlier_answers(tmp_path):
    dest = tmp_path / "agent"
    child = spawn("new", "sql-agent", str(dest), "--no-git")
    child.expect("Project name")
    child.send(CLEAR_LINE + "Shop Insights\r")
    child.expect("Folder, distribution and command name")
    child.expect("shop-insights")  # derived from the name just typed
    child.send("\r")
    child.expect("Python package name")
    child.expect("shop_insights")
    child.send("\r")
    child.expect("One-line description")
    child.send("\r")
    child.expect("Author")
    child.send(CLEAR_LINE + "Ada Lovelace\r")
    child.expect("License")
    child.send(DOWN + "\r")  # MIT → Apache-2.0
    child.expect("Default LLM provider")
    child.send("\r")
    child.expect("Self-corrections allowed")
    child.send(CLEAR_LINE + "9\r")  # out of range: refused on the spot, nothing written
    child.expect("not between 0 and 5")
    assert not dest.exists()
    child.send(CLEAR_LINE + "3\r")
    child.expect("Most rows returned")
    child.send("\r")
    child.expect("Next steps")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    answers = json.loads((dest / ".genai.json").read_text())["answers"]
    assert answers["project_name"] == "Shop Insights" and answers["package_name"] == "shop_insights"
    assert answers["author_name"] == "Ada Lovelace" and answers["license"] == "Apache-2.0"
    assert answers["max_retries"] == 3 and answers["row_limit"] == 100
    assert (dest / "src" / "shop_insights" / "agent.py").exists()
    assert "Ada Lovelace" in (dest / "pyproject.toml").read_text()


def test_set_answers_are_not_asked_and_cancel_writes_nothing(tmp_path):
    child = spawn("new", "faq-chatbot", str(tmp_path / "bot"), "--set", "project_name=Desk Bot")
    child.expect("Folder, distribution and command name")  # the name was given with --set
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1 and "cancelled" in child.before
    assert list(tmp_path.iterdir()) == []
