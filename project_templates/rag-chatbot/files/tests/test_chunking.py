from __future__ import annotations

from {{ cookiecutter.package_name }}.chunking import chunk_sections
from {{ cookiecutter.package_name }}.documents import Section


def test_chunks_respect_size_overlap_and_sections():
    words = " ".join(f"w{i:03d}" for i in range(200))  # 200 words of 4 characters
    sections = [Section("a.pdf", 1, "Intro", words), Section("a.pdf", 2, None, "short page")]
    chunks = chunk_sections(sections, size=100, overlap=20)
    first_page = [c for c in chunks if c.page == 1]
    assert len(first_page) > 2 and all(len(c.text) <= 100 for c in chunks)
    assert set(first_page[0].text.split()) & set(first_page[1].text.split())  # the windows overlap
    assert {w for c in first_page for w in c.text.split()} == set(words.split())  # nothing lost
    assert all(c.section == "Intro" for c in first_page)
    assert (chunks[-1].text, chunks[-1].where) == ("short page", "a.pdf p.2")
    assert first_page[0].where == "a.pdf p.1 (Intro)"
    assert len({c.id for c in chunks}) == len(chunks)


def test_empty_sections_give_nothing():
    assert chunk_sections([Section("x.txt", None, None, "   ")]) == []
