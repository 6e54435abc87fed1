from __future__ import annotations

from {{ cookiecutter.package_name }}.chunking import chunk_pages
from {{ cookiecutter.package_name }}.documents import Page


def test_chunks_respect_size_overlap_and_pages():
    words = " ".join(f"w{i:03d}" for i in range(200))  # 200 words of 4 characters
    chunks = chunk_pages([Page("a.pdf", 1, words), Page("a.pdf", 2, "short page")], size=100, overlap=20)
    first_page = [c for c in chunks if c.page == 1]
    assert all(len(c.text) <= 100 for c in chunks)
    assert first_page[0].text.split()[-4:] == first_page[1].text.split()[:4]  # ~20 characters repeat
    joined = {w for c in first_page for w in c.text.split()}
    assert len(joined) == 200  # nothing lost
    assert chunks[-1].text == "short page" and chunks[-1].label == "[a.pdf p.2]"
    assert len({c.id for c in chunks}) == len(chunks)


def test_a_long_word_is_kept_whole_and_empty_pages_give_nothing():
    (chunk,) = chunk_pages([Page("x.txt", 1, "a" * 500)], size=100)
    assert len(chunk.text) == 500
    assert chunk_pages([Page("x.txt", 1, "   ")]) == []
