from __future__ import annotations

from {{ cookiecutter.package_name }}.text import chunk_text, sentences


def test_sentences_and_paragraphs():
    text = "A Title\n\nFirst one. Second, with 3.5 units! Third?\nStill third's paragraph. \"Quoted.\" Last"
    assert sentences(text) == ["A Title", "First one.", "Second, with 3.5 units!", "Third?",
                               "Still third's paragraph.", '"Quoted."', "Last"]


def test_chunks_keep_whole_sentences_within_the_budget():
    text = " ".join(f"Sentence number {i} has six words." for i in range(10))
    chunks = chunk_text(text, words=13)
    assert len(chunks) == 5 and all(len(c.split()) <= 13 for c in chunks)
    assert " ".join(chunks) == text
    assert chunk_text("one two three four", words=2) == ["one two three four"]  # never cut a sentence
    assert chunk_text("  ") == []
