from __future__ import annotations

import pytest

from {{ cookiecutter.package_name }}.documents import DocumentError, load, sample_documents


def test_the_sample_pdf_is_read_page_by_page():
    pdf = next(p for p in sample_documents() if p.suffix == ".pdf")
    pages = load(pdf)
    assert [p.page for p in pages] == [1, 2, 3]
    assert "25 days of paid vacation" in " ".join(pages[0].text.split())
    assert all(p.source == "handbook.pdf" for p in pages)


def test_text_files_are_one_page(tmp_path):
    note = tmp_path / "note.md"
    note.write_text("# Title\n\nSome text.\n")
    (page,) = load(note)
    assert (page.source, page.page) == ("note.md", 1) and "Some text." in page.text


def test_unsupported_missing_and_broken_files(tmp_path):
    with pytest.raises(DocumentError, match="unsupported"):
        load(tmp_path / "slides.pptx")
    with pytest.raises(DocumentError, match="no such file"):
        load(tmp_path / "missing.pdf")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"this is not a pdf")
    with pytest.raises(DocumentError, match="not a readable PDF"):
        load(broken)
