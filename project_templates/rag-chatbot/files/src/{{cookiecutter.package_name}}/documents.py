"""Reading documents into sections of text that know where they came from.

- PDF: one section per page, numbered from 1 as a PDF viewer shows it; the section name is the
  bookmark (table of contents entry) the page falls under, when the PDF has bookmarks.
- Markdown: one section per heading, named by its heading path ("Policy > Networks > VPN").
- HTML: one section per h1–h3 heading (scripts and styles dropped).
- Text: one section.
Folders are searched recursively for these types; hidden files and folders are skipped.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

SUPPORTED = (".pdf", ".md", ".markdown", ".txt", ".html", ".htm")
MAX_FILE_BYTES = 50 * 1024 * 1024  # a bigger upload is refused rather than read into memory
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")


class DocumentError(ValueError):
    """A document cannot be read."""


@dataclass(frozen=True)
class Section:
    source: str  # the file name (or path under the ingested folder), as shown in citations
    page: int | None  # 1-based PDF page; None for other formats
    section: str | None  # the heading (or PDF bookmark) the text sits under
    text: str


def sample_folder() -> Path:
    """The small documents bundled with the project, to try it before using your own."""
    return Path(str(resources.files(__package__) / "data"))


def discover(paths: list[str | Path]) -> list[tuple[Path, str]]:
    """Every supported file under `paths` (files or folders), with the name citations show.

    A file given by itself is cited by its name; a file found in a folder by its path inside
    that folder (so two folders' README.md stay apart).
    """
    found: dict[Path, str] = {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for file in sorted(path.rglob("*")):
                inside = file.relative_to(path)
                if file.is_file() and file.suffix.lower() in SUPPORTED and not any(
                        part.startswith(".") for part in inside.parts):
                    found.setdefault(file.resolve(), inside.as_posix())
        elif path.is_file():
            if path.suffix.lower() not in SUPPORTED:
                raise DocumentError(f"{path}: unsupported file type (use {', '.join(SUPPORTED)})")
            found.setdefault(path.resolve(), path.name)
        else:
            raise DocumentError(f"{path}: no such file or folder")
    return list(found.items())


def file_hash(path: Path) -> str:
    """The content hash that decides whether a file needs to be ingested again."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load(path: str | Path, source: str | None = None) -> list[Section]:
    file = Path(path)
    name = source or file.name
    suffix = file.suffix.lower()
    if suffix not in SUPPORTED:
        raise DocumentError(f"{file}: unsupported file type (use {', '.join(SUPPORTED)})")
    if not file.is_file():
        raise DocumentError(f"{file}: no such file")
    if file.stat().st_size > MAX_FILE_BYTES:
        raise DocumentError(f"{file}: larger than {MAX_FILE_BYTES // 2**20} MB")
    if suffix == ".pdf":
        parts = _pdf_pages(file)
    else:
        text = file.read_text(encoding="utf-8", errors="replace")
        if suffix in (".md", ".markdown"):
            parts = [(None, heading, body) for heading, body in markdown_sections(text)]
        elif suffix in (".html", ".htm"):
            parts = [(None, heading, body) for heading, body in html_sections(text)]
        else:
            parts = [(None, None, text)]
    return [Section(name, page, heading, _without_title(body, heading).strip())
            for page, heading, body in parts if _without_title(body, heading).strip()]


def _without_title(text: str, heading: str | None) -> str:
    """A PDF page that starts with its bookmark's title: the title is the section, not the text."""
    first, _, rest = text.lstrip().partition("\n")
    return rest if heading and first.strip() == heading else text


def markdown_sections(text: str) -> list[tuple[str | None, str]]:
    """(heading path, body) for every heading; text before the first heading has no heading."""
    trail: list[tuple[int, str]] = []
    sections: list[tuple[str | None, list[str]]] = [(None, [])]
    fenced = False
    for line in text.splitlines():
        if FENCE.match(line):
            fenced = not fenced
        match = None if fenced else HEADING.match(line)
        if match:
            level = len(match.group(1))
            trail = [(lvl, title) for lvl, title in trail if lvl < level] + [(level, match.group(2))]
            sections.append((" > ".join(title for _, title in trail), []))
        else:
            sections[-1][1].append(line)
    return [(heading, "\n".join(lines)) for heading, lines in sections]


class _HtmlSections(HTMLParser):
    HEADINGS = {"h1", "h2", "h3"}
    SKIPPED = {"script", "style", "noscript", "template"}
    BLOCKS = {"p", "div", "li", "br", "tr", "section", "article", "h4", "h5", "h6"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[tuple[str | None, list[str]]] = [(None, [])]
        self.skipping = 0
        self.heading: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self.skipping += 1
        elif tag in self.HEADINGS:
            self.heading = []
        elif tag in self.BLOCKS:
            self.sections[-1][1].append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.HEADINGS and self.heading is not None:
            self.sections.append((" ".join("".join(self.heading).split()) or None, []))
            self.heading = None

    def handle_data(self, data):
        if self.skipping:
            return
        (self.heading if self.heading is not None else self.sections[-1][1]).append(data)


def html_sections(text: str) -> list[tuple[str | None, str]]:
    parser = _HtmlSections()
    parser.feed(text)
    parser.close()
    return [(heading, "".join(parts)) for heading, parts in parser.sections]


def _bookmark_for(toc: list[tuple[int, str]], page: int) -> str | None:
    """The last bookmark that starts on or before `page` (toc: (first page, title), in order)."""
    title = None
    for first, name in toc:
        if first <= page:
            title = name
    return title


def _pdf_pages(file: Path) -> list[tuple[int, str | None, str]]:
{%- if cookiecutter.pdf_parser == "pymupdf" %}
    import pymupdf

    try:
        with pymupdf.open(file) as document:
            toc = sorted((page, title.strip()) for _, title, page, *_ in document.get_toc() if page > 0)
            return [(number, _bookmark_for(toc, number), page.get_text())
                    for number, page in enumerate(document, 1)]
    except (pymupdf.FileDataError, RuntimeError, ValueError) as exc:
        raise DocumentError(f"{file}: not a readable PDF ({exc})") from None
{%- else %}
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(file)
        toc = sorted(_pypdf_outline(reader, reader.outline))
        return [(number, _bookmark_for(toc, number), page.extract_text() or "")
                for number, page in enumerate(reader.pages, 1)]
    except (PdfReadError, ValueError) as exc:
        raise DocumentError(f"{file}: not a readable PDF ({exc})") from None


def _pypdf_outline(reader, outline) -> list[tuple[int, str]]:
    entries = []
    for item in outline:
        if isinstance(item, list):
            entries += _pypdf_outline(reader, item)
        else:
            page = reader.get_destination_page_number(item)
            if page is not None and page >= 0:
                entries.append((page + 1, str(item.title).strip()))
    return entries
{%- endif %}
