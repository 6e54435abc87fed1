"""Reading answers back: the final answer in a reply, answers that mean the same, the vote.

Replies differ in form ("The answer is 23.", "Answer: 23", "**23**", "3 + 4 * 5 = 23"), so answers
are compared after normalizing: lower case, no surrounding punctuation, numbers in one spelling.
"""

from __future__ import annotations

import re
from collections import Counter

ANSWER = re.compile(r"\b(?:final\s+)?answer\s*(?:is\b|:)\s*(.+)", re.I)
NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)")
TRIM = " \t.!?*_`\"'"
TOKEN = re.compile(r"\w+|[^\w\s]")


def extract_answer(reply: str) -> str:
    """The final answer: after the last "Answer:"/"answer is", else the last line (after any `=`)."""
    found = ANSWER.findall(reply)
    if found:
        text = found[-1]
    else:
        lines = [line for line in reply.strip().splitlines() if line.strip()]
        text = lines[-1] if lines else ""
        if "=" in text:
            text = text.rsplit("=", 1)[1]
    return text.strip().strip(TRIM)


def normalize(answer: str) -> str:
    text = answer.strip().strip(TRIM).lower()
    plain = text.replace(",", "")
    if NUMBER.fullmatch(plain):
        value = float(plain)
        return str(int(value)) if value.is_integer() else repr(value)
    return " ".join(text.split())


def matches(answer: str, expected: str) -> bool:
    """Same answer once normalized, or a number that is the only number in the answer."""
    if normalize(answer) == normalize(expected):
        return True
    numbers = NUMBER.findall(answer.replace(",", ""))
    return len(numbers) == 1 and normalize(numbers[0]) == normalize(expected)


def majority_vote(answers: list[str]) -> tuple[str, dict[str, int]]:
    """The most frequent answer (the earliest of a tie) and the votes per normalized answer."""
    counted = Counter(normalize(a) for a in answers if normalize(a))
    if not counted:
        return "", {}
    winner = counted.most_common(1)[0][0]  # most_common keeps first-seen order among equal counts
    return next(a for a in answers if normalize(a) == winner), dict(counted.most_common())


def estimate_tokens(text: str) -> int:
    """About how many tokens `text` is: words and punctuation marks. Real tokenizers differ."""
    return len(TOKEN.findall(text))
