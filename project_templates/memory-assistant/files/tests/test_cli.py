from __future__ import annotations

import io
import json

import pytest

from {{ cookiecutter.package_name }}.cli import main


@pytest.fixture
def run(tmp_path, capsys):
    """run("say", "--user", "alice", ...) → (exit code, stdout), with the memories in tmp_path."""

    def invoke(*args: str) -> tuple[int, str]:
        code = main(["--data-dir", str(tmp_path / "memory"), *args])
        return code, capsys.readouterr().out

    return invoke


def test_say_remembers_across_sessions(run):
    told = "Hi, my name is Alice. I live in Lisbon and I love green tea."
    assert run("say", "--user", "alice", told)[0] == 0
    code, out = run("say", "--user", "alice", "Where do I live?", "--show-memory")
    assert code == 0 and out.startswith("You live in Lisbon.\n")
    assert "  recalled: [fact] You live in Lisbon." in out


def test_chat_is_one_session_read_from_stdin(run, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("My name is Bo.\n\nWhat's my name?\n/quit\nnever read\n"))
    code, out = run("chat", "--user", "bo")
    assert code == 0 and out.splitlines() == ["Nice to meet you, Bo!", "Your name is Bo."]


def test_memories_can_be_listed_searched_and_exported(run):
    run("say", "--user", "alice", "I live in Lisbon. I have a dog named Rex.")
    code, out = run("memories", "--user", "alice")
    assert code == 0
    assert [line.split(None, 2)[1] for line in out.splitlines()] == ["semantic", "semantic", "episodic"]
    assert run("memories", "--user", "alice", "--search", "dog Rex")[1].splitlines()[0].endswith(
        "You have a dog named Rex.")
    rows = json.loads(run("memories", "--user", "alice", "--kind", "semantic", "--json")[1])
    assert [r["text"] for r in rows] == ["You live in Lisbon.", "You have a dog named Rex."]
    assert rows[0]["embedding"] is None and rows[0]["key"] == "location"
    assert run("memories", "--user", "nobody")[1] == "nothing remembered about nobody\n"
    assert run("users")[1] == "alice\n"


def test_forget(run):
    run("say", "--user", "alice", "I live in Lisbon. I love green tea.")
    assert run("forget", "--user", "alice", "--matching", "green tea")[1] == "forgot 2 memories of alice\n"
    first_id = json.loads(run("memories", "--user", "alice", "--json")[1])[0]["id"]
    assert run("forget", "--user", "alice", "--id", str(first_id))[1] == "forgot 1 memory of alice\n"
    assert run("forget", "--user", "alice", "--all")[1] == "forgot 0 memories of alice\n"
    assert run("say", "--user", "alice", "Where do I live?")[1] == "I don't remember you telling me that.\n"


def test_errors_exit_1(run, capsys, tmp_path):
    unused = str(tmp_path / "unused")
    assert main(["--data-dir", unused, "--provider", "nonsense", "say", "--user", "a", "hi"]) == 1
    assert "unknown provider" in capsys.readouterr().err and not (tmp_path / "unused").exists()
    (tmp_path / "file").write_text("not a directory")
    assert main(["--data-dir", str(tmp_path / "file"), "users"]) == 1
    assert "cannot use the data directory" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        run("forget", "--user", "alice")  # forget what? one of --id, --kind, --matching, --all
