"""Prompt fusion for RAG: put the retrieved chunks in the prompt, numbered so the model can cite them."""

INSTRUCTION = "Answer only from the context. If the answer is not there, say you don't know."


def grounded_prompt(question, chunks, max_words=200):
    """chunks: a list of (source, text) pairs, best first. See the tests for the layout."""
    raise NotImplementedError("grounded_prompt is not written yet")
