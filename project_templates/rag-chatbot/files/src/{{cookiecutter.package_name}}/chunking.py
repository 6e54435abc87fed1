"""Chunking: pieces of about CHUNK_SIZE characters that remember their source, page and section.

Chunks never span sections (or PDF pages), so every chunk has exactly one place to cite.
{%- if cookiecutter.framework == "langchain" %}
The splitting is LangChain's RecursiveCharacterTextSplitter: it cuts at paragraph breaks first,
then lines, then sentences, then words, so a chunk rarely stops mid-sentence.
{%- elif cookiecutter.framework == "llamaindex" %}
The splitting is LlamaIndex's SentenceSplitter, counting characters (not model tokens), so it
keeps whole sentences together where it can.
{%- else %}
The splitting is hand-written: overlapping windows of whole words.
{%- endif %}
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .documents import Section

CHUNK_SIZE = {{ cookiecutter.chunk_size }}


@dataclass(frozen=True)
class Chunk:
    id: str
    source: str
    page: int | None
    section: str | None
    text: str

    @property
    def where(self) -> str:
        """How a citation reads: "handbook.pdf p.5 (Business travel)" or "it-policy.md > VPN"."""
        place = self.source + (f" p.{self.page}" if self.page is not None else "")
        return f"{place} ({self.section})" if self.section else place

    def to_dict(self) -> dict:
        return asdict(self)


def chunk_sections(sections: list[Section], size: int = CHUNK_SIZE,
                   overlap: int | None = None) -> list[Chunk]:
    """Pieces of at most about `size` characters, each repeating
    about `overlap` characters (default: a fifth of `size`) of the previous one, so no sentence
    is lost at a boundary."""
    overlap = size // 5 if overlap is None else overlap
    chunks = []
    for number, section in enumerate(sections):
        for index, text in enumerate(split_text(section.text, size, overlap)):
            chunks.append(Chunk(f"{section.source}#{number}-{index}", section.source, section.page,
                                section.section, text))
    return chunks
{%- if cookiecutter.framework == "langchain" %}


def split_text(text: str, size: int, overlap: int) -> list[str]:
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=size, chunk_overlap=min(overlap, size // 2),
                                              separators=["\n\n", "\n", ". ", " ", ""])
    return [" ".join(piece.split()) for piece in splitter.split_text(text) if piece.strip()]
{%- elif cookiecutter.framework == "llamaindex" %}


def split_text(text: str, size: int, overlap: int) -> list[str]:
    from llama_index.core.node_parser import SentenceSplitter

    # tokenizer=list counts characters, so no tokenizer model is loaded and sizes mean characters.
    splitter = SentenceSplitter(chunk_size=size, chunk_overlap=min(overlap, size // 2), tokenizer=list)
    return [" ".join(piece.split()) for piece in splitter.split_text(text) if piece.strip()]
{%- else %}


def split_text(text: str, size: int, overlap: int) -> list[str]:
    words = text.split()
    pieces, start = [], 0
    while start < len(words):
        end, length = start, 0
        while end < len(words) and (end == start or length + len(words[end]) + 1 <= size):
            length += len(words[end]) + 1
            end += 1
        pieces.append(" ".join(words[start:end]))
        if end >= len(words):
            break
        back, kept = end, 0
        while back > start + 1 and kept + len(words[back - 1]) + 1 <= overlap:
            back -= 1
            kept += len(words[back]) + 1
        start = back
    return pieces
{%- endif %}
