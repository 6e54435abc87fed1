from __future__ import annotations

import json

import pytest

from {{ cookiecutter.package_name }}.chunking import Chunk
from {{ cookiecutter.package_name }}.index import Index, StoreError, fuse
from {{ cookiecutter.package_name }}.providers import FakeProvider

TEXTS = {
    "cats": "Cats purr when they are content and sleep most of the day.",
    "invoices": "Invoices are paid monthly by bank transfer.",
    "errors": "Error E-104 means the water tank is empty.",
    "office": "The office is closed on Sundays and public holidays.",
}


def fill(index: Index) -> None:
    for name, text in TEXTS.items():
        chunk = Chunk("c#0-0", f"{name}.txt", None, None, text)
        index.put(f"/docs/{name}.txt", f"{name}.txt", f"hash-{name}", [chunk])
    index.save()


def test_search_is_hybrid_and_the_index_persists(tmp_path):
    fill(Index(tmp_path, FakeProvider()))
    reopened = Index(tmp_path, FakeProvider())
    hits = reopened.search("When is the office closed?", k=2)
    assert hits[0].chunk.source == "office.txt" and hits[0].keyword_rank == 1 and hits[0].vector_rank == 1
    assert hits[0].score == 1.0 and hits[1].score < 1.0
    assert len(reopened) == 4 and reopened.sources() == sorted(f"{n}.txt" for n in TEXTS)
    assert reopened.digest("/docs/cats.txt") == "hash-cats"


def test_the_vector_store_keeps_its_files_in_the_index_directory(tmp_path):
    fill(Index(tmp_path, FakeProvider()))
    expected = {"langchain": {"chroma": "chroma", "faiss": "faiss"}.get("{{ cookiecutter.vector_store }}"),
                "llamaindex": "llamaindex", "plain": None}["{{ cookiecutter.framework }}"]
    assert (tmp_path / "manifest.json").exists()
    assert expected is None or any((tmp_path / expected).iterdir())


def test_a_rare_keyword_wins_through_bm25(tmp_path):
    index = Index(tmp_path, FakeProvider())
    fill(index)
    (best, *_) = index.search("E-104", k=4)
    assert best.chunk.source == "errors.txt" and best.keyword_rank == 1


def test_dropping_a_file_removes_it_from_both_rankings(tmp_path):
    index = Index(tmp_path, FakeProvider())
    fill(index)
    index.drop("/docs/office.txt")
    index.save()
    reopened = Index(tmp_path, FakeProvider())
    assert "office.txt" not in {h.chunk.source for h in reopened.search("office closed Sundays", k=4)}
    assert len(reopened) == 3


def test_fusion_rewards_agreement():
    fused = dict(fuse([["a", "b", "c"], ["b", "a", "d"]]))
    assert fused["a"] == fused["b"] > fused["c"] > 0 and fused["c"] == fused["d"]
    assert fuse([["x"], ["x"]]) == [("x", 1.0)]


def test_other_embeddings_and_damaged_manifests_are_refused(tmp_path):
    fill(Index(tmp_path, FakeProvider()))

    class Other(FakeProvider):
        name = "openai"

    with pytest.raises(StoreError, match="built with fake embeddings, not openai"):
        Index(tmp_path, Other())
    (tmp_path / "manifest.json").write_text(json.dumps({"schema_version": 99}))
    with pytest.raises(StoreError, match="not an index this version can read"):
        Index(tmp_path, FakeProvider())
