"""`genai quiz` on a terminal, driven through a pseudo-terminal: question, reveal, self-grade."""

from __future__ import annotations

import os

import pytest

from conftest import GENAI
from studyutil import STUDY, at, records

pexpect = pytest.importorskip("pexpect")


def spawn(*args, day="2026-01-01"):
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "100", "LINES": "30", **at(day)}
    return pexpect.spawn(GENAI, list(args), env=env, encoding="utf-8", timeout=30, dimensions=(30, 100))


def finish(child) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def grade(child, keys):
    child.expect("How did you do")
    child.send(keys)
    child.send("\r")


def test_question_reveal_and_grade(genai_home):
    child = spawn("quiz", "-r", str(STUDY), "-n", "2")
    child.expect("Question 1/2")
    child.expect("What is a generator")
    child.expect("Enter to see the model answer")
    child.send("it yields\r")  # an attempt, then Enter
    child.expect("yields its values lazily")  # the model answer, shown only after the key
    grade(child, "xz" + "k")  # keys that are no answer are ignored: the question stays until a valid one
    child.expect("next review in 2 days")
    child.expect("Question 2/2")
    child.expect("How does attention compute")
    child.send("\r")
    grade(child, "d")
    child.expect("2 answers saved")
    assert finish(child) == 0, child.before
    items = records(genai_home)
    assert items["q-python"]["quiz"]["history"][-1]["grade"] == "knew" and items["q-python"]["status"] == "done"
    assert items["q-attention"]["quiz"]["history"][-1]["grade"] == "didnt"
    assert items["q-attention"]["quiz"]["due"] == "2026-01-02"


def test_arrow_keys_pick_partly(genai_home):
    child = spawn("quiz", "-r", str(STUDY), "-n", "1")
    child.expect("Enter to see the model answer")
    child.send("\r")
    child.expect("How did you do")
    child.send("\x1b[B")  # arrow down: from "knew it" to "partly"
    child.send("\r")
    assert finish(child) == 0
    history = records(genai_home)["q-python"]["quiz"]["history"]
    assert history == [{"at": "2026-01-01T09:00:00+00:00", "grade": "partly"}]


def test_stopping_keeps_the_answers_already_given(genai_home):
    child = spawn("quiz", "-r", str(STUDY), "-n", "3")
    child.expect("Enter to see the model answer")
    child.send("\r")
    grade(child, "k")
    child.expect("Question 2/3")
    child.expect("Enter to see the model answer")
    child.sendcontrol("c")
    child.expect("1 answer saved")
    child.expect("2 questions left for next time")
    assert finish(child) == 0
    assert list(records(genai_home)) == ["q-python"]


def test_json_without_answers_on_a_terminal_is_a_usage_error(genai_home):
    child = spawn("quiz", "-r", str(STUDY), "--json")
    child.expect("--json goes with --answers or --list")
    assert finish(child) == 2
    assert not (genai_home / "state.json").exists()
