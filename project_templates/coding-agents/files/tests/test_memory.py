"""The memory of past tasks: the in-memory double always, PostgreSQL + pgvector with DATABASE_URL."""

from __future__ import annotations

import importlib.util
import os

import pytest

from {{ cookiecutter.package_name }}.approval import approve_all
from {{ cookiecutter.package_name }}.memory import InMemoryMemory, Lesson, PgVectorMemory
from {{ cookiecutter.package_name }}.offline import offline_brain
from {{ cookiecutter.package_name }}.orchestrator import Team
from {{ cookiecutter.package_name }}.providers import FakeProvider
from {{ cookiecutter.package_name }}.sandbox import RunResult

SLUGIFY = "add a function slugify with tests"


class ScriptedSandbox:
    name = "scripted"

    def __init__(self, *codes: int):
        self.codes = list(codes)

    def run(self, workdir, command):
        code = self.codes.pop(0)
        return RunResult(command, code, "3 failed" if code else "5 passed", 0.01)


def check_recall(memory) -> None:
    memory.remember(Lesson("add a function slugify with tests", "applied", "tests pass", ["handle accents"]))
    memory.remember(Lesson("add a function to_roman with tests", "failed", "budget used up"))
    [similar] = memory.recall("add a slugify function for URLs, with tests", k=1)
    assert similar.task == "add a function slugify with tests" and similar.comments == ["handle accents"]
    assert memory.recall("configure the kubernetes ingress controller") == []


def test_the_in_memory_double_recalls_similar_tasks_only():
    check_recall(InMemoryMemory())


def test_the_planner_sees_lessons_and_every_build_leaves_one(tmp_path):
    memory = InMemoryMemory()
    memory.remember(Lesson("add a function slugify", "applied", "tests pass", ["keep the separator"]))
    fake = FakeProvider(brain=offline_brain)
    team = Team(fake, ScriptedSandbox(1, 0), approve_all, 3, memory=memory)
    outcome = team.build(SLUGIFY, tmp_path)
    assert outcome.status == "applied"
    planner_prompt = fake.calls[0][-1].content
    assert "Lessons from similar past tasks:\n- \"add a function slugify\" → applied" in planner_prompt
    assert [e.agent for e in team.transcript.entries][1] == "memory"
    assert memory.lessons[-1][0].task == SLUGIFY and memory.lessons[-1][0].status == "applied"


@pytest.mark.skipif(not os.environ.get("DATABASE_URL") or importlib.util.find_spec("psycopg") is None,
                    reason="needs DATABASE_URL (docker compose up -d) and pip install -e '.[pgvector]'")
def test_pgvector_recalls_similar_tasks():
    memory = PgVectorMemory(os.environ["DATABASE_URL"])
    memory.conn.execute("BEGIN")  # everything below is rolled back
    try:
        memory.conn.execute("DELETE FROM coding_agent_lessons")
        check_recall(memory)
    finally:
        memory.conn.execute("ROLLBACK")
        memory.close()


def test_without_its_packages_pgvector_says_what_to_install():
    if importlib.util.find_spec("psycopg") and importlib.util.find_spec("pgvector"):
        pytest.skip("psycopg and pgvector are installed")
    from {{ cookiecutter.package_name }}.memory import MemoryError

    with pytest.raises(MemoryError, match=r"pip install -e '\.\[pgvector\]'"):
        PgVectorMemory("postgresql://localhost/none")
