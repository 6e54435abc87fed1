"""The offline summarizer for the `fake` provider: classic extractive summarization (Luhn-style).

Sentences of the `<text>` are scored by how frequent their content words are in the whole text;
the best ones that fit the prompt's word budget are returned in their original order.
"""

from __future__ import annotations

import re
from collections import Counter

from .providers import Message, tokens
from .text import sentences


def offline_summary(messages: list[Message]) -> str:
    prompt = messages[-1].content
    match = re.search(r"<text>\n(.*)\n</text>", prompt, re.S)
    text = match.group(1) if match else prompt
    budget = re.search(r"at most (\d+) words", prompt)
    return extract(text, int(budget.group(1)) if budget else 100)


def extract(text: str, words: int) -> str:
    found = sentences(text)
    frequency = Counter(tokens(text))

    def score(index: int) -> float:
        content = tokens(found[index])
        return sum(frequency[w] for w in content) / (len(content) + 3) if content else 0.0

    chosen, used = [], 0
    for index in sorted(range(len(found)), key=lambda i: (-score(i), i)):
        length = len(found[index].split())
        if used + length <= words:
            chosen.append(index)
            used += length
    if not chosen and found:  # a single long sentence: cut it to the budget
        return " ".join(found[0].split()[:words])
    return " ".join(found[i] for i in sorted(chosen))
