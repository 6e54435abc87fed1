"""Sliding-window chunking for RAG: fixed-size chunks (in words) that overlap so no sentence is cut off from its context."""


def chunk(text, size, overlap):
    """A list of chunks, each a string of at most `size` words joined by single spaces."""
    if size < 1 or not 0 <= overlap < size:
        raise ValueError("need size >= 1 and 0 <= overlap < size")
    words = text.split()
    chunks, step = [], size - overlap
    for start in range(0, len(words), step):
        chunks.append(" ".join(words[start:start + size]))
        if start + size >= len(words):
            break
    return chunks
