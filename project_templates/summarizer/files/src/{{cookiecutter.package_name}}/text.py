"""Splitting text: sentences, and chunks of whole sentences that fit a word budget."""

from __future__ import annotations

import re

CHUNK_WORDS = {{ cookiecutter.chunk_words }}
# after . ! or ? (and a closing quote or bracket), before what looks like a sentence start
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"')\]]))\s+(?=[A-Z0-9\"'(])")


def sentences(text: str) -> list[str]:
    """Sentences of running text; blank lines (paragraphs, titles) always end a sentence."""
    result = []
    for paragraph in re.split(r"\n\s*\n", text):
        paragraph = " ".join(paragraph.split())
        result += [s.strip() for s in _SENTENCE_END.split(paragraph) if s.strip()]
    return result


def chunk_text(text: str, words: int = CHUNK_WORDS) -> list[str]:
    """Consecutive sentences grouped into chunks of at most `words` words (a longer sentence
    stands alone), so no chunk cuts a sentence in half."""
    chunks: list[list[str]] = [[]]
    size = 0
    for sentence in sentences(text):
        length = len(sentence.split())
        if chunks[-1] and size + length > words:
            chunks.append([])
            size = 0
        chunks[-1].append(sentence)
        size += length
    return [" ".join(chunk) for chunk in chunks if chunk]
