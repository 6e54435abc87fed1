"""The offline model: an extractive reader, not an LLM.

With the `fake` provider the "answer" is the one sentence of the numbered passages that best
matches the question, quoted word for word and followed by its passage number ("… [2]"), so the
citation is exactly where the words came from. When no sentence covers enough of the question it
says it cannot answer; it never writes an answer of its own. Swap in a real model with
LLM_PROVIDER=openai or ollama.
"""

from __future__ import annotations

import math
import re

from .providers import Message, tokens

CANNOT_ANSWER = "I cannot answer that from the documents."
MIN_KNOWN = 0.5  # share of the question's words that must occur somewhere in the passages
MIN_COVERAGE = 0.8  # share of those that the quoted sentences (and their heading) must contain
# Words that shape a question ("how long", "how many", "must I") rather than say what it is about.
QUESTION_WORDS = frozenset("many much long often big large soon must may might shall need".split())
PASSAGE = re.compile(r"^\[(\d+)\] (.*)$")
CONTEXT = re.compile(r"<context>\n(.*?)\n?</context>", re.S)
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
DESCRIPTION = ("fake (offline extractive reader: quotes the sentences of the retrieved passages that best "
               "match the question; no LLM)")


def passages(prompt: str) -> list[tuple[int, str, str]]:
    """(number, header, text) of the numbered passages in a prompt's <context> block."""
    match = CONTEXT.search(prompt)
    found: list[tuple[int, str, list[str]]] = []
    for line in (match.group(1) if match else "").splitlines():
        head = PASSAGE.match(line)
        if head:
            found.append((int(head.group(1)), head.group(2), []))
        elif found:
            found[-1][2].append(line)
    return [(number, header, " ".join(" ".join(lines).split())) for number, header, lines in found]


def question_of(prompt: str) -> str:
    rest = CONTEXT.sub("", prompt)
    match = re.search(r"Question:\s*(.*)", rest, re.S)
    return (match.group(1) if match else rest).strip()


def words(text: str) -> set[str]:
    """Content words, with "-ed" and a doubled last consonant cut too (planned → plan)."""
    found = set()
    for word in tokens(text):
        if len(word) > 4 and word.endswith("ed"):
            word = word[:-2]
            if len(word) > 3 and word[-1] == word[-2]:
                word = word[:-1]
        found.add(word)
    return found


def extract(question: str, numbered: list[tuple[int, str, str]]) -> str:
    """Up to two sentences of one passage that together hold (nearly) all of the question's
    words the passages know, followed by the passage's number; else CANNOT_ANSWER."""
    wanted = words(question) - QUESTION_WORDS
    split = [(number, words(header), [s.strip() for s in SENTENCE.split(text) if s.strip()])
             for number, header, text in numbered]
    sentence_words = [words(s) for _, _, sentences in split for s in sentences]
    vocabulary = set().union(*sentence_words, *(heading for _, heading, _ in split))
    known = wanted & vocabulary
    if not known or len(known) < MIN_KNOWN * len(wanted):
        return CANNOT_ANSWER
    # Rare words weigh more: "parental" says more about a sentence than "employee".
    weight = {t: math.log(1 + len(sentence_words) / sum(t in ws for ws in sentence_words) if any(
        t in ws for ws in sentence_words) else 1.0) for t in known}
    best = None  # (score, -order, number, heading, sentences, index)
    for order, (number, heading, sentences) in enumerate(split):
        for index, sentence in enumerate(sentences):
            score = sum(weight[t] for t in known & words(sentence))
            if score and (best is None or (score, -order) > best[:2]):
                best = (score, -order, number, heading, sentences, index)
    if best is None:
        return CANNOT_ANSWER
    score, _, number, heading, sentences, index = best
    # A neighbouring sentence joins when it carries at least half as much of the question.
    others = [(sum(weight[t] for t in known & words(sentences[i])), i) for i in (index - 1, index + 1)
              if 0 <= i < len(sentences)]
    runner_up = max(others, default=(0.0, -1))
    chosen = sorted({index} | ({runner_up[1]} if runner_up[0] >= score / 2 else set()))
    span = [sentences[i] for i in chosen]
    covered = known & (heading | set().union(*(words(s) for s in span)))
    if len(covered) < MIN_COVERAGE * len(known):
        return CANNOT_ANSWER
    return f"{' '.join(span)} [{number}]"


def read(messages: list[Message]) -> str:
    """The fake provider's `brain`: answer the last user turn from its own <context>."""
    prompt = next((m.content for m in reversed(messages) if m.role == "user"), "")
    return extract(question_of(prompt), passages(prompt))
