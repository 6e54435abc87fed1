"""A deterministic stand-in for an LLM, so the project runs offline and its tests repeat exactly.

- `complete` answers from the prompt itself: it finds the `<context>` block, picks the passage
  that shares the most words with the question and returns its best sentences. A project can
  plug in a `brain` (a function of the messages) for its own task, and tests can script
  `replies`.
- `embed` hashes words and their character trigrams into a fixed-size unit vector (feature
  hashing): texts that share words get close vectors, which is enough to retrieve on sample data.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable

from .base import Message

WORD = re.compile(r"[a-z0-9]+")
STOPWORDS = frozenset(
    "a an and are as at be by can could do does for from had has have how i if in is it its me my "
    "of on or our should that the their there this to was we what when where which who why will "
    "with would you your".split()
)
CONTEXT = re.compile(r"<context>\n(.*?)\n?</context>", re.S)
SENTENCE = re.compile(r"(?<=[.!])\s+")
LABEL = re.compile(r"^\s*(a|answer)\s*:\s*", re.I)
NO_ANSWER = "I don't know: the provided context does not answer that."


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def tokens(text: str) -> list[str]:
    """Lower-cased, stemmed content words."""
    return [_stem(w) for w in WORD.findall(text.lower()) if w not in STOPWORDS]


def hash_embedding(text: str, dim: int = 256) -> list[float]:
    vector = [0.0] * dim
    for word in tokens(text):
        features = [(word, 1.0)] + [(word[i:i + 3], 0.3) for i in range(max(len(word) - 2, 0))]
        for feature, weight in features:
            digest = hashlib.blake2b(feature.encode(), digest_size=8).digest()
            index = int.from_bytes(digest[:4], "little") % dim
            vector[index] += weight if digest[4] & 1 else -weight
    norm = math.sqrt(sum(v * v for v in vector)) or 1.0
    return [v / norm for v in vector]


def overlap(question: str, passage: str) -> float:
    """The share of the question's words that the passage contains (0..1)."""
    wanted = set(tokens(question))
    return len(wanted & set(tokens(passage))) / len(wanted) if wanted else 0.0


def _question_and_context(messages: list[Message]) -> tuple[str, str | None]:
    last_user = next((m.content for m in reversed(messages) if m.role == "user"), "")
    # The context is in the user's turn; a system prompt may only mention the tag.
    match = CONTEXT.search(last_user)
    question = CONTEXT.sub("", last_user).strip()
    question = re.sub(r"^\s*question\s*:\s*", "", question, flags=re.I | re.M)
    return question, match.group(1) if match else None


def _answers(line: str) -> bool:
    line = line.strip()
    return bool(line) and not line.endswith("?") and not re.fullmatch(r"\[.*\]", line)


def extractive_answer(messages: list[Message]) -> str:
    question, context = _question_and_context(messages)
    if not context:
        return NO_ANSWER
    blocks = [b.strip() for b in re.split(r"\n\s*\n", context) if b.strip()]
    if not blocks:
        return NO_ANSWER
    best = max(blocks, key=lambda block: overlap(question, block))
    if overlap(question, best) == 0:
        return NO_ANSWER
    # Drop the passage's own questions and bracketed source labels; keep what answers.
    lines = [LABEL.sub("", line).strip() for line in best.splitlines() if _answers(line)]
    sentences = [s for s in SENTENCE.split(" ".join(lines)) if s]
    if len(sentences) > 3:
        top = sorted(range(len(sentences)), key=lambda i: -overlap(question, sentences[i]))[:2]
        sentences = [sentences[i] for i in sorted(top)]
    return " ".join(sentences) or NO_ANSWER


class FakeProvider:
    name = "fake"

    def __init__(self, brain: Callable[[list[Message]], str] | None = None,
                 replies: list[str] | None = None, dim: int = 256):
        self.brain = brain
        self.replies = list(replies or [])
        self.dim = dim
        self.calls: list[list[Message]] = []

    def complete(self, messages: list[Message], *, temperature: float = 0.0,
                 max_tokens: int = 512) -> str:
        self.calls.append(list(messages))
        if self.replies:
            return self.replies.pop(0)
        if self.brain is not None:
            return self.brain(messages)
        return extractive_answer(messages)

    def embed(self, texts: list[str]) -> list[list[float]]:
        return [hash_embedding(text, self.dim) for text in texts]
