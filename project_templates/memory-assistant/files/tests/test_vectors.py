from __future__ import annotations

from datetime import datetime, timezone

import pytest

from {{ cookiecutter.package_name }}.extraction import Fact
from {{ cookiecutter.package_name }}.memory import MemoryBank, ticking_clock
from {{ cookiecutter.package_name }}.offline import offline_brain
from {{ cookiecutter.package_name }}.providers import FakeProvider
from {{ cookiecutter.package_name }}.store import open_store
from {{ cookiecutter.package_name }}.vectors import VECTOR_STORE, fuse


@pytest.fixture
def bank(tmp_path):
    store = open_store(tmp_path / "data")
    clock = ticking_clock(datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc))
    yield MemoryBank(store, FakeProvider(brain=offline_brain), now=clock)
    store.close()


def test_fusion_rewards_agreement():
    fused = dict(fuse([[1, 2, 3], [2, 1, 4]]))
    assert fused[1] == fused[2] > fused[3] == fused[4] > 0
    assert fuse([[7], [7]]) == [(7, 1.0)]


def test_a_rare_name_is_recalled_through_bm25(bank):
    for text in ("I went hiking in the mountains.", "My dog is called Rex.", "I had pasta for dinner.",
                 "The weather was rainy all week."):
        bank.record_episode("alice", text, session="s1")
    best, score = bank.search("alice", "Rex", k=4)[0]
    assert best.text == "My dog is called Rex." and score > 0.5


def test_recall_follows_updates_and_deletions(bank):
    bank.remember("alice", Fact("location", "You live in Lisbon."))
    assert bank.search("alice", "Lisbon", k=1)[0][0].text == "You live in Lisbon."
    bank.remember("alice", Fact("location", "You live in Porto."))
    found = bank.search("alice", "Where do you live? Porto", k=3)
    assert [m.text for m, _ in found] == ["You live in Porto."]
    bank.forget("alice", matching="Porto")
    assert bank.search("alice", "Porto", k=3) == []


def test_users_never_see_each_others_memories(bank):
    bank.record_episode("alice", "My locker code is 4711.", session="s1")
    bank.record_episode("bob", "I collect stamps.", session="s2")
    assert bank.search("bob", "locker code 4711", k=5) == []
    assert [m.user for m, _ in bank.search("alice", "locker code", k=5)] == ["alice"]


@pytest.mark.skipif(VECTOR_STORE != "chroma", reason="the Chroma index only")
def test_chroma_keeps_one_collection_per_embedding_model(tmp_path, bank):
    bank.record_episode("alice", "I'm flying to Tokyo on Tuesday.", session="s1")
    assert bank.search("alice", "flight Tokyo", k=1)
    assert (tmp_path / "data" / "chroma").is_dir()

    class OtherEmbeddings(FakeProvider):
        name = "other"

        def embed(self, texts):
            return [[float(len(t)), 1.0, 0.5] for t in texts]

    other = MemoryBank(bank.store, OtherEmbeddings(), vectors=bank.vectors)
    (found, _), = other.search("alice", "Tokyo", k=1)
    assert found.text == "I'm flying to Tokyo on Tuesday." and len(found.embedding) == 3
    client = bank.vectors._client
    assert len(client.list_collections()) == 2
