from __future__ import annotations

import pytest

from {{ cookiecutter.package_name }}.chunking import Chunk
from {{ cookiecutter.package_name }}.providers import hash_embedding
from {{ cookiecutter.package_name }}.store import LocalStore, StoreError, open_store


def chunk(source: str, page: int, text: str) -> Chunk:
    return Chunk(f"{source}#{page}", source, page, text)


def fill(store) -> None:
    chunks = [chunk("a.txt", 1, "cats purr and sleep"), chunk("b.txt", 1, "invoices are paid monthly")]
    store.add(chunks, [hash_embedding(c.text) for c in chunks], "fake")


def test_search_finds_the_closest_and_the_index_persists(tmp_path):
    fill(open_store(tmp_path))
    reopened = open_store(tmp_path)
    (best, score), _ = reopened.search(hash_embedding("when are invoices paid"), 2, "fake")
    assert best.source == "b.txt" and score > 0
    assert len(reopened) == 2 and reopened.sources() == ["a.txt", "b.txt"]


def test_ingesting_a_source_again_replaces_its_chunks(tmp_path):
    store = LocalStore(tmp_path)
    fill(store)
    store.add([chunk("a.txt", 1, "dogs bark")], [hash_embedding("dogs bark")], "fake")
    assert len(store) == 2 and {c.text for c in store.chunks} == {"dogs bark", "invoices are paid monthly"}


def test_other_embeddings_are_refused(tmp_path):
    store = LocalStore(tmp_path)
    fill(store)
    with pytest.raises(StoreError, match="built with fake embeddings"):
        store.search([0.1] * 1536, 2, "openai")
