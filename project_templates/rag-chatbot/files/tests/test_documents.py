from __future__ import annotations

import pytest

from {{ cookiecutter.package_name }} import documents
from {{ cookiecutter.package_name }}.documents import DocumentError, discover, load, sample_folder


def test_the_sample_pdf_is_read_page_by_page_with_its_bookmarks():
    pages = load(sample_folder() / "handbook.pdf")
    assert [p.page for p in pages] == list(range(1, 9))
    assert pages[1].section == "Working time and vacation"
    assert "25 days of paid vacation" in " ".join(pages[1].text.split())
    assert not pages[1].text.startswith("Working time")  # the title went to `section`
    assert all(p.source == "handbook.pdf" for p in pages)


def test_markdown_is_split_by_heading_paths(tmp_path):
    note = tmp_path / "note.md"
    note.write_text("Intro line.\n# Guide\nTop.\n## Setup\nInstall it.\n```\n# not a heading\n```\n"
                    "### Linux\nUse apt.\n## Usage\nRun it.\n")
    sections = [(s.section, s.text.split("\n")[0]) for s in load(note)]
    assert sections == [(None, "Intro line."), ("Guide", "Top."), ("Guide > Setup", "Install it."),
                        ("Guide > Setup > Linux", "Use apt."), ("Guide > Usage", "Run it.")]
    assert all(s.page is None for s in load(note))


def test_html_is_split_by_headings_without_scripts(tmp_path):
    page = tmp_path / "faq.html"
    page.write_text("<html><head><script>var secret = 1;</script><style>p{}</style></head><body>"
                    "<p>Welcome.</p><h2>Refunds</h2><p>Refunds take 5 &amp; more days.</p></body></html>")
    sections = load(page)
    assert [(s.section, s.text) for s in sections] == [(None, "Welcome."),
                                                       ("Refunds", "Refunds take 5 & more days.")]


def test_folders_are_searched_recursively_skipping_hidden_and_unknown_files(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / ".git").mkdir()
    for name in ("a.md", "sub/b.txt", "sub/c.html", ".git/d.md", "notes.docx", ".hidden.md"):
        (tmp_path / name).write_text("text")
    assert sorted(name for _, name in discover([tmp_path])) == ["a.md", "sub/b.txt", "sub/c.html"]
    assert [name for _, name in discover([tmp_path / "sub" / "b.txt"])] == ["b.txt"]


def test_unsupported_missing_broken_and_huge_files(tmp_path, monkeypatch):
    (tmp_path / "slides.pptx").write_text("x")
    with pytest.raises(DocumentError, match="unsupported"):
        discover([tmp_path / "slides.pptx"])
    with pytest.raises(DocumentError, match="no such file or folder"):
        discover([tmp_path / "missing"])
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"this is not a pdf")
    with pytest.raises(DocumentError, match="not a readable PDF"):
        load(broken)
    monkeypatch.setattr(documents, "MAX_FILE_BYTES", 10)
    big = tmp_path / "big.txt"
    big.write_text("x" * 11)
    with pytest.raises(DocumentError, match="larger than"):
        load(big)
