"""Reading documents into pages of text: PDFs page by page, `.txt` and `.md` as one page."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

SUPPORTED = (".pdf", ".txt", ".md")


class DocumentError(ValueError):
    """A document cannot be read."""


@dataclass(frozen=True)
class Page:
    source: str  # the file name, as shown in citations
    page: int  # 1-based
    text: str


def sample_documents() -> list[Path]:
    """The small documents bundled with the project, to try it before using your own."""
    folder = Path(str(resources.files(__package__) / "data"))
    return sorted(p for p in folder.iterdir() if p.suffix in SUPPORTED)


def load(path: str | Path, source: str | None = None) -> list[Page]:
    file = Path(path)
    name = source or file.name
    if file.suffix.lower() not in SUPPORTED:
        raise DocumentError(f"{file}: unsupported file type (use {', '.join(SUPPORTED)})")
    if not file.is_file():
        raise DocumentError(f"{file}: no such file")
    if file.suffix.lower() == ".pdf":
        texts = _pdf_pages(file)
    else:
        texts = [file.read_text(encoding="utf-8", errors="replace")]
    return [Page(name, number, text.strip()) for number, text in enumerate(texts, 1) if text.strip()]


def _pdf_pages(file: Path) -> list[str]:
{%- if cookiecutter.pdf_parser == "pymupdf" %}
    import pymupdf

    try:
        with pymupdf.open(file) as document:
            return [page.get_text() for page in document]
    except (pymupdf.FileDataError, RuntimeError) as exc:
        raise DocumentError(f"{file}: not a readable PDF ({exc})") from None
{%- else %}
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        return [page.extract_text() or "" for page in PdfReader(file).pages]
    except (PdfReadError, ValueError) as exc:
        raise DocumentError(f"{file}: not a readable PDF ({exc})") from None
{%- endif %}
