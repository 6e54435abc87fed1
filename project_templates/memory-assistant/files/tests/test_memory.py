from __future__ import annotations

from datetime import datetime, timezone

import pytest

from {{ cookiecutter.package_name }}.extraction import Fact
from {{ cookiecutter.package_name }}.memory import MemoryBank, cosine, ticking_clock
from {{ cookiecutter.package_name }}.offline import offline_brain
from {{ cookiecutter.package_name }}.providers import FakeProvider
from {{ cookiecutter.package_name }}.store import STORE, open_store


@pytest.fixture
def bank(tmp_path):
    store = open_store(tmp_path / "data")
    clock = ticking_clock(datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc))  # a minute per reading
    yield MemoryBank(store, FakeProvider(brain=offline_brain), now=clock)
    store.close()


def test_memories_persist_in_the_data_directory(tmp_path, bank):
    bank.add("alice", "semantic", "You live in Lisbon.", key="location")
    bank.record_episode("alice", "I'm flying to Tokyo on Tuesday.", session="s1")
    bank.store.close()
    again = open_store(tmp_path / "data")
    kept = again.memories("alice")
    assert [(m.kind, m.text) for m in kept] == [("semantic", "You live in Lisbon."),
                                                ("episodic", "I'm flying to Tokyo on Tuesday.")]
    assert kept[1].created_at == "2025-03-01T09:02:00+00:00" and kept[1].session == "s1" and kept[1].embedding
    assert again.users() == ["alice"] and again.memories("bob") == []
    assert (tmp_path / "data" / ".gitignore").read_text().endswith("*\n")
    assert (tmp_path / "data" / f"memories.{STORE}").exists()
    again.close()


def test_facts_are_deduplicated_by_key_and_by_similarity(bank):
    assert bank.remember("alice", Fact("location", "You live in Lisbon."))[0] == "added"
    assert bank.remember("alice", Fact("location", "You live in Lisbon."))[0] == "unchanged"
    what, memory = bank.remember("alice", Fact("location", "You live in Porto."))
    assert what == "updated" and memory.text == "You live in Porto."
    assert bank.remember("alice", Fact("", "you live in porto"))[0] == "unchanged"  # same text, no key
    assert bank.remember("alice", Fact("likes:tea", "You like tea."))[0] == "added"
    assert [m.text for m in bank.memories("alice", "semantic")] == ["You live in Porto.", "You like tea."]
    assert bank.remember("alice", Fact("tone", "Use a formal tone."), "procedural")[0] == "added"
    assert len(bank.memories("alice")) == 3


def test_recall_ranks_by_cosine_similarity(bank):
    for text in ["I'm flying to Tokyo next Tuesday for a conference.", "My sister Ana visits in May.",
                 "I started learning the cello."]:
        bank.record_episode("alice", text, session="s1")
    best, score = bank.search("alice", "When is my flight to Tokyo?", k=3)[0]
    assert "Tokyo" in best.text and score > 0.2
    assert bank.search("alice", "Tokyo flight", k=3, skip_session="s1") == []
    assert bank.search("bob", "Tokyo", k=3) == []
    assert cosine([1.0, 0.0], [0.0, 2.0]) == 0.0 and cosine([3.0, 4.0], [6.0, 8.0]) == pytest.approx(1.0)


def test_memories_from_another_embedder_are_embedded_again(bank):
    memory = bank.add("alice", "semantic", "You live in Lisbon.")
    memory.embedder, memory.embedding = "other:model", [1.0, 0.0]
    bank.store.update(memory)
    [(found, score)] = bank.search("alice", "live Lisbon", k=1)
    assert found.embedder == bank.embedder and len(found.embedding) == 256 and score > 0.5


def test_old_episodes_are_compressed_into_a_digest(bank):
    for number in range(1, 8):
        bank.record_episode("alice", f"Note {number}: I planted {number} tulips. Is that enough?", "s1")
    assert bank.compress("alice", budget=10) is None
    digest = bank.compress("alice", budget=4)
    assert digest.kind == "digest" and digest.when == "2025-03-01"
    assert digest.text.startswith("On 2025-03-01 you said: Note 1: I planted 1 tulips. | Note 2")
    assert "Is that enough" not in digest.text  # questions are dropped from the digest
    episodes = bank.memories("alice", "episodic")
    assert [m.text[:6] for m in episodes] == ["Note 6", "Note 7"]  # half the budget is kept word for word


def test_forget(bank):
    first = bank.add("alice", "semantic", "You like tea.")
    bank.add("alice", "semantic", "You live in Oslo.")
    bank.record_episode("alice", "I like tea with mint", "s1")
    bank.record_episode("bob", "I like tea too", "s2")
    assert bank.forget("alice", ids=[first.id]) == 1
    assert bank.forget("alice", matching="TEA") == 1
    assert bank.forget("alice", kind="semantic") == 1
    assert bank.memories("alice") == [] and len(bank.memories("bob")) == 1
    assert bank.forget("bob", everything=True) == 1
    with pytest.raises(ValueError, match="unknown kind"):
        bank.add("bob", "dream", "flying")
