"""Prompt fusion for RAG: put the retrieved chunks in the prompt, numbered so the model can cite them."""

INSTRUCTION = "Answer only from the context. If the answer is not there, say you don't know."


def grounded_prompt(question, chunks, max_words=200):
    """chunks: a list of (source, text) pairs, best first. See the tests for the layout."""
    lines, used = [], 0
    for n, (source, text) in enumerate(chunks, start=1):
        words = len(text.split())
        if used + words > max_words:
            break
        used += words
        lines.append(f"[{n}] ({source}) {text}")
    return "\n".join([INSTRUCTION, "", "Context:", *lines, "", f"Question: {question}", "Answer (cite like [1]):"])
