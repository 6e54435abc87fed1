'''The offline brain of the `fake` provider: a scripted team that knows a few small tasks.

It plays each agent (it recognises their system prompts) and replays a realistic run for the
tasks in SKILLS: the coder's first version has a bug, the tester's tests catch it, the coder
reads the failures and fixes it, the reviewer approves with comments. Everything is decided by
the messages alone, so a run repeats exactly. For any other task the planner says it cannot
help offline: use a real model with --provider.
'''

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from .agents import CODER_SYSTEM, PLANNER_SYSTEM, REVIEWER_SYSTEM, TESTER_SYSTEM
from .providers import Message

TASK = re.compile(r"^Task: (.*)$", re.M)
DESCRIPTION = "fake (offline stand-in: a scripted team that knows a few tasks, not an LLM)"
FIX_MARKERS = ("The tests failed", "Review comments:")


@dataclass(frozen=True)
class Skill:
    keywords: tuple[str, ...]
    example: str  # a task that uses it
    summary: str
    steps: tuple[str, ...]
    first_try: dict[str, str]  # the coder's first version (with a bug the tests catch)
    fixed: dict[str, str]  # after reading the test failures
    tests: dict[str, str]
    comments: tuple[str, ...]


TEXTKIT_INIT = '''"""Small text helpers."""

from .slugify import slugify

__all__ = ["slugify"]
'''

SLUGIFY_FIRST = '''"""URL slugs from arbitrary text."""

import re


def slugify(text: str, separator: str = "-") -> str:
    """Lower-case words joined by `separator`: "Hello World" -> "hello-world"."""
    return re.sub(r"[^a-z0-9]+", separator, text.lower())
'''

SLUGIFY_FIXED = '''"""URL slugs from arbitrary text."""

import re
import unicodedata


def slugify(text: str, separator: str = "-") -> str:
    """Lower-case ASCII words joined by `separator`: "Crème brûlée!" -> "creme-brulee".

    Accents are transliterated, everything that is not a letter or a digit separates words,
    and there is never a separator at either end.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return separator.join(re.findall(r"[a-z0-9]+", ascii_text.lower()))
'''

SLUGIFY_TESTS = '''from textkit import slugify


def test_words_are_lower_cased_and_joined():
    assert slugify("Hello World") == "hello-world"


def test_punctuation_and_spaces_at_the_ends_disappear():
    assert slugify("  Hello, World!  ") == "hello-world"


def test_accents_are_transliterated():
    assert slugify("Crème brûlée") == "creme-brulee"


def test_a_custom_separator():
    assert slugify("a b c", separator="_") == "a_b_c"


def test_nothing_to_keep_gives_an_empty_slug():
    assert slugify("!!!") == ""
'''

ROMAN_FIRST = '''"""Roman numerals."""

VALUES = [(1000, "M"), (500, "D"), (100, "C"), (50, "L"), (10, "X"), (5, "V"), (1, "I")]


def to_roman(number: int) -> str:
    """The Roman numeral for `number`: 14 -> "XIV"."""
    result = ""
    for value, letters in VALUES:
        while number >= value:
            result += letters
            number -= value
    return result
'''

ROMAN_FIXED = '''"""Roman numerals."""

VALUES = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
          (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def to_roman(number: int) -> str:
    """The Roman numeral for `number` (1 to 3999): 14 -> "XIV", 1994 -> "MCMXCIV"."""
    if not 1 <= number <= 3999:
        raise ValueError(f"Roman numerals go from 1 to 3999, not {number}")
    result = ""
    for value, letters in VALUES:
        count, number = divmod(number, value)
        result += letters * count
    return result
'''

ROMAN_TESTS = '''import pytest

from numerals.roman import to_roman


@pytest.mark.parametrize("number,numeral", [(1, "I"), (3, "III"), (14, "XIV"), (58, "LVIII")])
def test_additive_numerals(number, numeral):
    assert to_roman(number) == numeral


@pytest.mark.parametrize("number,numeral", [(4, "IV"), (9, "IX"), (40, "XL"), (1994, "MCMXCIV"),
                                            (3999, "MMMCMXCIX")])
def test_subtractive_numerals(number, numeral):
    assert to_roman(number) == numeral


@pytest.mark.parametrize("number", [0, -1, 4000])
def test_numbers_out_of_range_are_refused(number):
    with pytest.raises(ValueError):
        to_roman(number)
'''

SKILLS = (
    Skill(("slugify", "slug"), "add a function slugify with tests",
          "Add textkit.slugify(text, separator='-'), which turns any text into a URL slug, and tests.",
          ("Create the package textkit with a slugify module and export slugify from it.",
           "Lower-case the text, turn every run of other characters into one separator.",
           "Test plain words, punctuation at the ends, accents, a custom separator and empty results."),
          {"textkit/__init__.py": TEXTKIT_INIT, "textkit/slugify.py": SLUGIFY_FIRST},
          {"textkit/slugify.py": SLUGIFY_FIXED},
          {"tests/test_slugify.py": SLUGIFY_TESTS},
          ("The slug is ASCII-only and never starts or ends with a separator: good for URLs.",
           "Later: a max_length parameter that cuts at a word boundary.")),
    Skill(("roman",), "add a function to_roman that converts integers to Roman numerals, with tests",
          "Add numerals.roman.to_roman(number) for 1 to 3999, with pytest tests.",
          ("Create the package numerals with a roman module.",
           "Convert greedily from the largest value down.",
           "Test additive and subtractive numerals and numbers out of range."),
          {"numerals/__init__.py": '"""Number formatting."""\n', "numerals/roman.py": ROMAN_FIRST},
          {"numerals/roman.py": ROMAN_FIXED},
          {"tests/test_roman.py": ROMAN_TESTS},
          ("divmod keeps the loop short, and the range check gives a clear error.",)),
)


def find_skill(task: str) -> Skill | None:
    lowered = task.lower()
    return next((s for s in SKILLS if any(k in lowered for k in s.keywords)), None)


def file_blocks(files: dict[str, str]) -> str:
    return "\n\n".join(f"FILE: {path}\n```python\n{content}```" for path, content in files.items())


def offline_brain(messages: list[Message]) -> str:
    role = messages[0].content if messages and messages[0].role == "system" else ""
    prompt = messages[-1].content if messages else ""
    match = TASK.search(prompt)
    skill = find_skill(match.group(1)) if match else None
    if role == PLANNER_SYSTEM:
        if skill is None:
            known = "; ".join(f'"{s.example}"' for s in SKILLS)
            summary = (f"Offline, the scripted team only knows these tasks: {known}. Use a real model "
                       "(--provider openai, anthropic or ollama) for others.")
            return json.dumps({"summary": summary, "steps": [], "files": []})
        files = sorted({*skill.first_try, *skill.tests})
        return json.dumps({"summary": skill.summary, "steps": list(skill.steps), "files": files})
    if skill is None:
        return "I can only help with the tasks the planner knows offline."
    if role == CODER_SYSTEM:
        fixing = any(marker in prompt for marker in FIX_MARKERS)
        if fixing:
            return f"The failures show what the first version missed. The fix:\n\n{file_blocks(skill.fixed)}"
        return file_blocks(skill.first_try)
    if role == TESTER_SYSTEM:
        return file_blocks(skill.tests)
    if role == REVIEWER_SYSTEM:
        return json.dumps({"verdict": "approve", "comments": list(skill.comments)})
    return "The offline brain does not know this agent."
