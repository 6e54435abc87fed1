"""The offline brain for the `fake` provider: it answers only when one FAQ entry clearly matches.

It is a stand-in, not a model: it reads the FAQ entries in the prompt's <context> and returns the
answer of the entry that contains EVERY content word of the question (in the entry's question or
answer, at least one of them in its question). Anything less gets NO_ANSWER, never the nearest
entry: "How do I reset my router?" shares "reset" with the password entry, "How much does the
Enterprise plan cost?" all but "enterprise" with the Pro plan entry; both are declined. A real
model (LLM_PROVIDER=openai, anthropic or ollama) understands paraphrases; this matcher does not.
"""

from __future__ import annotations

import re

from .providers import Message, tokens

NO_ANSWER = ("I don't know: no FAQ entry answers that (offline stand-in, no model: it only matches "
             "FAQ entries). Please write to support@example.com.")
CONTEXT = re.compile(r"<context>\n(.*?)\n?</context>\s*Question:\s*(.*)", re.S)
ENTRY = re.compile(r"^Q: (.*)\nA: (.*)$", re.M)


def words(text: str) -> set[str]:
    """Content words, with "-ed" cut as well ("accepted" matches "accept")."""
    return {w[:-2] if len(w) > 5 and w.endswith("ed") else w for w in tokens(text)}


def coverage(question: str, entry_question: str, entry_answer: str) -> float:
    """The share of the question's content words that the entry contains (0..1); 0 when none of
    them is in the entry's own question."""
    wanted = words(question)
    if not wanted or not wanted & words(entry_question):
        return 0.0
    return len(wanted & (words(entry_question) | words(entry_answer))) / len(wanted)


def offline_answer(messages: list[Message]) -> str:
    match = CONTEXT.search(messages[-1].content) if messages else None
    if not match:
        return NO_ANSWER
    context, question = match.groups()
    entries = ENTRY.findall(context)
    scored = [(coverage(question, q, a), a) for q, a in entries]
    best = max(scored, default=(0.0, ""), key=lambda pair: pair[0])
    return best[1] if best[0] == 1.0 else NO_ANSWER
