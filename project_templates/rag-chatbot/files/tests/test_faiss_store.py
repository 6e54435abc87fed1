"""The FAISS store gives the same results as the local one (skipped without the faiss extra)."""

from __future__ import annotations

import pytest

pytest.importorskip("faiss")

from {{ cookiecutter.package_name }}.chunking import Chunk  # noqa: E402
from {{ cookiecutter.package_name }}.faiss_store import FaissStore  # noqa: E402
from {{ cookiecutter.package_name }}.providers import hash_embedding  # noqa: E402
from {{ cookiecutter.package_name }}.store import LocalStore  # noqa: E402


def test_faiss_matches_the_local_store(tmp_path):
    texts = ["cats purr and sleep", "invoices are paid monthly", "the office is closed on Sunday"]
    chunks = [Chunk(f"d{i}", f"d{i}.txt", 1, t) for i, t in enumerate(texts)]
    vectors = [hash_embedding(t) for t in texts]
    faiss_store, local = FaissStore(tmp_path / "f"), LocalStore(tmp_path / "l")
    for store in (faiss_store, local):
        store.add(chunks, vectors, "fake")
    query = hash_embedding("when is the office closed")
    got = [(c.id, round(s, 4)) for c, s in FaissStore(tmp_path / "f").search(query, 2, "fake")]
    assert got == [(c.id, round(s, 4)) for c, s in local.search(query, 2, "fake")]
