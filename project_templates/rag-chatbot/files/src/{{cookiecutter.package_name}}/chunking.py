"""Chunking: overlapping windows of words that remember where they came from."""

from __future__ import annotations

from dataclasses import dataclass

from .documents import Page

CHUNK_SIZE = {{ cookiecutter.chunk_size }}


@dataclass(frozen=True)
class Chunk:
    id: str
    source: str
    page: int
    text: str

    @property
    def label(self) -> str:
        return f"[{self.source} p.{self.page}]"


def chunk_pages(pages: list[Page], size: int = CHUNK_SIZE, overlap: int | None = None) -> list[Chunk]:
    """Windows of at most `size` characters (a longer single word stays whole), each repeating
    about `overlap` characters (default: a fifth) of the previous one so no sentence is lost at
    a boundary. Chunks never span pages, so every chunk has one page to cite."""
    overlap = size // 5 if overlap is None else overlap
    chunks = []
    for page in pages:
        words = page.text.split()
        start, index = 0, 0
        while start < len(words):
            end, length = start, 0
            while end < len(words) and (end == start or length + len(words[end]) + 1 <= size):
                length += len(words[end]) + 1
                end += 1
            chunks.append(Chunk(f"{page.source}#p{page.page}-{index}", page.source, page.page,
                                " ".join(words[start:end])))
            index += 1
            if end >= len(words):
                break
            back, kept = end, 0
            while back > start + 1 and kept + len(words[back - 1]) + 1 <= overlap:
                back -= 1
                kept += len(words[back]) + 1
            start = back
    return chunks
