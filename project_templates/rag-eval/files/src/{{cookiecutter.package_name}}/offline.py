"""The offline brain of the `fake` provider: it plays every role the pipeline gives a model.

It recognises the system prompt (see `prompts.py`) and answers deterministically:
- answering: the extractive answer of the base fake provider (the best passage's sentences), but
  only when that passage holds the question: every code or number in the question (E-104, H10)
  and most of its other words. Otherwise it says it does not know, so it never answers a
  different question ("E-999" is not "E-104");
- HyDE: a template "hypothetical answer" — the question's topic plus the words an answer of that
  kind tends to contain ("how long" → years, days…). A real model writes a real passage;
- the judge: claims are the answer's sentences; a statement is supported when every number in
  it appears in one passage and most of its words do; generated questions are the answer's
  sentences asked back. Crude, but it behaves like a judge: copied text passes, invented figures
  fail, and "I don't know" is noncommittal.

Swap in a real model with --provider (and --judge-provider for the judge) to get real scores.
"""

from __future__ import annotations

import json
import re

from .corpus import sentences
from .prompts import CLAIMS_SYSTEM, HYDE_SYSTEM, QUESTIONS_SYSTEM, VERIFY_SYSTEM
from .providers import Message, tokens
from .providers.fake import NO_ANSWER, extractive_answer

SUPPORT_THRESHOLD = 0.6
MIN_COVERAGE = 0.5  # share of the question's telling words the answering passage must contain
SHAPE_WORDS = frozenset("many much long often big large soon must may might shall need mean".split())
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
QUESTION_WORDS = {"what", "which", "how", "when", "where", "who", "why", "can", "could", "does", "do",
                  "is", "are", "should", "i", "my", "the", "a", "an"}
ANSWER_SHAPES = [  # how a question starts → words that an answer to it tends to contain
    ("how long", "It lasts a number of years, months or days."),
    ("how much", "It costs a price in euros per month or per year."),
    ("how many", "Up to a number of units can be combined, for a total capacity."),
    ("how quick", "It happens within milliseconds or seconds."),
    ("how fast", "It happens within milliseconds or seconds."),
    ("what happens if", "If that happens, the result is reduced or changed."),
    ("what should i do", "Check that the cable is plugged in, then restart it."),
    ("what does", "It means that something is in progress or too high."),
    ("can", "Yes, you can: it is allowed and rated for that."),
]


def offline_brain(messages: list[Message]) -> str:
    system_prompt = messages[0].content if messages and messages[0].role == "system" else ""
    prompt = messages[-1].content if messages else ""
    if system_prompt == HYDE_SYSTEM:
        return hypothetical_answer(prompt)
    if system_prompt == CLAIMS_SYSTEM:
        return json.dumps({"claims": split_claims(prompt.partition("\nAnswer: ")[2])})
    if system_prompt == VERIFY_SYSTEM:
        return json.dumps({"verdicts": verify(prompt)})
    if system_prompt == QUESTIONS_SYSTEM:
        answer = prompt.partition("Answer: ")[2]
        return json.dumps({"questions": [s.rstrip(".!") + "?" for s in split_claims(answer)][:3],
                           "noncommittal": int(is_noncommittal(answer))})
    return grounded_answer(messages)


def words(text: str) -> set[str]:
    """Content words, with plurals in -ies folded too (batteries → battery)."""
    return {w[:-2] + "y" if w.endswith("ie") and len(w) > 4 else w for w in tokens(text)}


def grounded_answer(messages: list[Message]) -> str:
    """The base fake's extractive answer, if the passage it comes from holds the question."""
    answer = extractive_answer(messages)
    prompt = messages[-1].content if messages else ""
    context, _, rest = prompt.partition("</context>")
    question = rest.partition("Question:")[2] or rest
    wanted = words(question) - SHAPE_WORDS
    if answer == NO_ANSWER or not wanted:
        return answer
    first = words(sentences(answer)[0]) if sentences(answer) else set()
    blocks = [words(block) for block in re.split(r"\n\s*\n", context.replace("<context>", ""))]
    source = max(blocks, key=lambda words: len(first & words), default=set())
    codes = {word for word in wanted if any(ch.isdigit() for ch in word)}
    # A word every passage has ("battery" here) tells the passages apart no better than none.
    telling = {w for w in wanted if not all(w in block for block in blocks)} or wanted
    if not codes <= source or len(telling & source) < MIN_COVERAGE * len(telling):
        return NO_ANSWER
    return answer


def hypothetical_answer(question: str) -> str:
    lowered = question.lower().strip()
    topic = " ".join(w for w in re.findall(r"[\w%-]+", question) if w.lower() not in QUESTION_WORDS)
    shape = next((text for start, text in ANSWER_SHAPES if lowered.startswith(start)), "")
    return f"{topic[:1].upper()}{topic[1:]}. {shape}".strip()


def is_noncommittal(answer: str) -> bool:
    lowered = answer.lower()
    return not answer.strip() or "don't know" in lowered or "do not know" in lowered


def split_claims(answer: str) -> list[str]:
    return [] if is_noncommittal(answer) else sentences(answer)


def numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in NUMBER.findall(text)}


def supports(passage: str, statement: str) -> bool:
    words = set(tokens(statement))
    if not words or not numbers(statement) <= numbers(passage):
        return False
    return len(words & set(tokens(passage))) / len(words) >= SUPPORT_THRESHOLD


def verify(prompt: str) -> list[dict]:
    context, _, rest = prompt.partition("</context>")
    passages = [block for block in re.split(r"\n\s*\n", context.replace("<context>", "")) if block.strip()]
    statements = [re.sub(r"^\d+\.\s*", "", line).strip() for line in rest.splitlines()
                  if re.match(r"^\d+\.\s", line.strip())]
    verdicts = []
    for statement in statements:
        ok = any(supports(passage, statement) for passage in passages)
        verdicts.append({"statement": statement, "verdict": "yes" if ok else "no",
                         "reason": "found in the context" if ok else "not found in any one passage"})
    return verdicts
