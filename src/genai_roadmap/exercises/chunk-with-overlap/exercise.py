"""Sliding-window chunking for RAG: fixed-size chunks (in words) that overlap so no sentence is cut off from its context."""


def chunk(text, size, overlap):
    """A list of chunks, each a string of at most `size` words joined by single spaces."""
    raise NotImplementedError("chunk is not written yet")
