"""The offline brain of the `fake` provider: a simulated small model that makes the mistakes
prompting strategies are known to fix, so the comparison shows real differences without a key.

It understands four kinds of question (arithmetic, counting a letter in a word, comparing two
decimals, the sentiment of a review) and answers them in one of two ways:

- **by intuition**, as when asked for the answer straight away (zero-shot): it reads arithmetic
  left to right, counts runs of a letter instead of letters ("rr" once), compares the digits after
  the point as whole numbers (so 9.11 > 9.9), and goes by the first feeling word of a review;
- **carefully**, when the prompt asks it to think step by step (chain-of-thought), or when worked
  examples of the same kind of question come first (few-shot): then it gets it right.

Step-by-step reasoning is not flawless: one chain of thought in five slips back to intuition.
Which attempt slips depends on a hash of the prompt and on how many times that same prompt was
sent before: a run repeats exactly, some questions trip up the single chain of thought, and
repeated samples of one prompt differ the way sampled replies of a real model do — so a majority
vote over several samples (self-consistency) outvotes the slip.
"""

from __future__ import annotations

import ast
import hashlib
import operator
import re
from collections import Counter
from collections.abc import Callable

from .providers import Message

Reasoning = tuple[list[str], str]  # the steps written out, and the answer
Task = tuple[str, Callable[[bool], Reasoning]]  # the kind of question, and reason(careful)

STEP_BY_STEP = re.compile(r"step[ -]by[ -]step", re.I)
ARITHMETIC = re.compile(r"what is ([\d .+\-*/()]+?)\s*(?:\?|$)", re.I | re.M)
LETTERS = re.compile(r"letter\s+['\"]?([a-z])['\"]?\s+(?:appears?\s+)?in\s+(?:the\s+word\s+)?['\"]?([a-z]+)",
                     re.I)
DECIMALS = re.compile(r"which is (?:larger|bigger|greater),?\s*(\d+(?:\.\d+)?)\s+or\s+(\d+(?:\.\d+)?)", re.I)
SENTIMENT = re.compile(r"sentiment of (?:this|the) review[^:\n]*:\s*(.+)", re.I)
CONTRAST = re.compile(r"\b(?:but|however|although|though|yet)\b", re.I)
POSITIVE = frozenset("good great wonderful love loved delight excellent happy perfect enjoyed brilliant "
                     "fast friendly beautiful".split())
NEGATIVE = frozenset("bad hate hated terrible boring died broke broken slow awful disappointing poor worst "
                     "rude ugly".split())
NEGATORS = frozenset("not never no hardly".split())
UNKNOWN = "I don't know"
_OPERATORS = {ast.Add: (operator.add, "+"), ast.Sub: (operator.sub, "-"),
              ast.Mult: (operator.mul, "*"), ast.Div: (operator.truediv, "/")}
_BY_SYMBOL = {symbol: function for function, symbol in _OPERATORS.values()}


def number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.10g}"


# --- arithmetic ---------------------------------------------------------------------------------
def careful_arithmetic(expression: str) -> Reasoning:
    steps: list[str] = []

    def evaluate(node: ast.AST) -> float:
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return node.value
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -evaluate(node.operand)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
            left, right = evaluate(node.left), evaluate(node.right)
            function, symbol = _OPERATORS[type(node.op)]
            value = function(left, right)
            steps.append(f"{number(left)} {symbol} {number(right)} = {number(value)}")
            return value
        raise ValueError("not plain arithmetic")

    value = evaluate(ast.parse(expression.strip(), mode="eval").body)
    return ["Brackets first, then * and /, then + and -.", *steps], number(value)


def hasty_arithmetic(expression: str) -> Reasoning:
    tokens = re.findall(r"\d+(?:\.\d+)?|[-+*/()]", expression)
    steps: list[str] = []

    def left_to_right(position: int) -> tuple[float, int]:
        value, pending = None, "+"
        while position < len(tokens):
            token = tokens[position]
            position += 1
            if token == ")":
                break
            if token in _BY_SYMBOL:
                pending = token
                continue
            operand, position = left_to_right(position) if token == "(" else (float(token), position)
            if value is None:
                value = operand
                continue
            result = _BY_SYMBOL[pending](value, operand)
            steps.append(f"{number(value)} {pending} {number(operand)} = {number(result)}")
            value = result
        return value or 0.0, position

    value, _ = left_to_right(0)
    return ["Working from left to right:", *steps], number(value)


# --- letters, decimals, sentiment ---------------------------------------------------------------
def careful_letters(letter: str, word: str) -> Reasoning:
    positions = [str(i) for i, char in enumerate(word.lower(), 1) if char == letter.lower()]
    return [f"Spell it out: {'-'.join(word.lower())}.",
            f"The letter {letter} is at position(s) {', '.join(positions) or 'none'}."], str(len(positions))


def hasty_letters(letter: str, word: str) -> Reasoning:
    runs = re.findall(f"{re.escape(letter.lower())}+", word.lower())
    return [f"I can see {letter} in: {', '.join(runs) or 'nowhere'}."], str(len(runs))


def careful_decimals(a: str, b: str) -> Reasoning:
    places = max(len(x.partition(".")[2]) for x in (a, b))
    larger = a if float(a) >= float(b) else b
    return [f"With {places} decimal places: {float(a):.{places}f} and {float(b):.{places}f}.",
            f"So {larger} is larger."], larger


def hasty_decimals(a: str, b: str) -> Reasoning:
    (whole_a, _, part_a), (whole_b, _, part_b) = a.partition("."), b.partition(".")
    if int(whole_a) != int(whole_b):
        return careful_decimals(a, b)
    larger = a if int(part_a or 0) >= int(part_b or 0) else b
    return [f"After the point, {part_a or 0} and {part_b or 0}: {larger} has the bigger number."], larger


def _feelings(text: str, negation: bool) -> list[str]:
    """positive/negative for each feeling word; with `negation`, "not good" counts as negative."""
    words = re.findall(r"[a-z']+", text.lower())
    labels = []
    for index, word in enumerate(words):
        label = "positive" if word in POSITIVE else "negative" if word in NEGATIVE else None
        if label and negation and index and words[index - 1] in NEGATORS:
            label = "negative" if label == "positive" else "positive"
        if label:
            labels.append(label)
    return labels


def careful_sentiment(review: str) -> Reasoning:
    verdict = CONTRAST.split(review)[-1].strip(" .\"'")
    feelings = Counter(_feelings(verdict, negation=True))
    label = ("positive" if feelings["positive"] > feelings["negative"] else
             "negative" if feelings["negative"] > feelings["positive"] else "neutral")
    return [f'What comes after a "but" carries the verdict: "{verdict}".',
            f"That part is {label}."], label


def hasty_sentiment(review: str) -> Reasoning:
    first = (_feelings(review, negation=False) or ["neutral"])[0]
    return [f"The first feeling in the review is {first}."], first


# --- the model ----------------------------------------------------------------------------------
def understand(text: str) -> Task | None:
    """The kind of question in `text` and how to reason about it, or None."""
    if match := SENTIMENT.search(text):
        review = match.group(1)
        return "sentiment", lambda careful: (careful_sentiment if careful else hasty_sentiment)(review)
    if match := LETTERS.search(text):
        letter, word = match.groups()
        return "letters", lambda careful: (careful_letters if careful else hasty_letters)(letter, word)
    if match := DECIMALS.search(text):
        a, b = match.groups()
        return "decimals", lambda careful: (careful_decimals if careful else hasty_decimals)(a, b)
    if match := ARITHMETIC.search(text):
        expression = match.group(1)
        try:
            careful_arithmetic(expression)
        except (ValueError, SyntaxError, ZeroDivisionError):
            return None
        return "arithmetic", lambda careful: (careful_arithmetic if careful else hasty_arithmetic)(expression)
    return None


class OfflineModel:
    """A `brain` for FakeProvider: `get_provider(brain=OfflineModel())`."""

    def __init__(self, slip_one_in: int | None = 5):
        self.slip_one_in = slip_one_in
        self.sent: Counter[str] = Counter()

    def __call__(self, messages: list[Message]) -> str:
        key = "\n".join(f"{m.role}: {m.content}" for m in messages)
        attempt = self.sent[key]
        self.sent[key] += 1
        question = next((m.content for m in reversed(messages) if m.role == "user"), "")
        task = understand(question)
        step_by_step = any(STEP_BY_STEP.search(m.content) for m in messages if m.role != "assistant")
        if step_by_step:
            if task is None:
                return f"This offline model only knows the kinds of sample question.\nAnswer: {UNKNOWN}"
            steps, answer = task[1](not self.slips(key, attempt))
            return "\n".join([*steps, f"Answer: {answer}"])
        if task is None:
            return f"{UNKNOWN}."
        examples = [understand(m.content) for m in messages[:-1] if m.role == "user"]
        if examples:  # few-shot: the examples' bare format; their method if they are the same kind
            return task[1](any(e is not None and e[0] == task[0] for e in examples))[1]
        return f"The answer is {task[1](False)[1]}."

    def slips(self, key: str, attempt: int) -> bool:
        """One attempt in `slip_one_in` slips; the prompt's hash says which one."""
        if not self.slip_one_in:
            return False
        offset = int.from_bytes(hashlib.sha256(key.encode()).digest()[:4], "big")
        return (offset + attempt) % self.slip_one_in == 0
