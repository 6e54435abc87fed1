"""What is worth remembering in a message: facts about the user, and how they want answers.

`extract(message, provider)` asks the model for JSON (`EXTRACT_PROMPT`); when the reply is not
usable JSON it falls back to `rule_extract`, a handful of patterns ("my name is …", "I live in
…", "I'm allergic to …", "please answer in bullet points"…). The offline `fake` provider uses
those same rules, so everything works without a key.

Facts are written in the second person ("You live in Lisbon.") and carry a `key`: one value per
key for things like `name` or `location` (a new one replaces the old), and one key per value for
lists such as `likes:green tea`, which is how duplicates are recognised.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from .providers import Provider, system, user

EXTRACT_PROMPT = """Extract what is worth remembering long-term from the user's message.
Reply with JSON only, in this shape:
{"facts": [{"key": "name | location | job | likes:<thing> | ...", "text": "You live in Lisbon."}],
 "preferences": [{"key": "tone | format | length", "text": "Answer in bullet points."}]}
Facts are durable facts about the user, written in the second person. Preferences are explicit
requests about how to answer, written as an instruction. Nothing from questions; empty lists
when there is nothing to remember."""

NAME = r"([A-Z][\w'-]+)"
PLACE = r"([A-Z][\w'-]*(?:[ -][A-Z][\w'-]*)*)"
THING = r"([\w' -]+?)(?=[.,!;]| and | but |$)"
# (pattern, key, text): {0}, {1}… are the pattern's groups. Case-insensitive around the values.
FACT_RULES = [
    (rf"(?i:\bmy name is) {NAME}", "name", "Your name is {0}."),
    (rf"(?i:\bcall me) {NAME}", "name", "Your name is {0}."),
    (r"(?i:\bI(?: am|'m) (\d{1,3}) years old)", "age", "You are {0} years old."),
    (rf"(?i:\bI live in|I(?:'ve| have)? moved to) {PLACE}", "location", "You live in {0}."),
    (rf"(?i:\bI(?: am|'m) from) {PLACE}", "hometown", "You are from {0}."),
    (r"(?i:\bI work as (an? [\w -]+?))(?= at |[.,!;]|$)", "job", "You work as {0}."),
    (rf"(?i:\bI work (?:at|for)) {PLACE}", "employer", "You work at {0}."),
    (rf"(?i:\bI (?:really )?(?:like|love|enjoy)) {THING}", "likes:{0}", "You like {0}."),
    (rf"(?i:\bI (?:don't|do not|dislike|hate)(?: like)?) {THING}", "dislikes:{0}", "You don't like {0}."),
    (rf"(?i:\bI(?: am|'m) allergic to) {THING}", "allergy:{0}", "You are allergic to {0}."),
    (rf"(?i:\bmy favou?rite (\w+) is) {THING}", "favorite:{0}", "Your favorite {0} is {1}."),
    (rf"(?i:\bI have an? (\w+) (?:named|called)) {NAME}", "pet:{1}", "You have a {0} named {1}."),
    (r"(?i:\bmy birthday is (?:on )?)([\w ,]+?)(?=[.!;]|$)", "birthday", "Your birthday is {0}."),
]
PREFERENCE_CUE = re.compile(r"(?i)\b(prefer|please|from now on|always|never|answers?|repl(?:y|ies)"
                            r"|respon(?:d|ses?)|keep it|be more|talk to me|write)\b")
# Checked in order; the first match for a key wins ("no bullet points" before "bullet points").
PREFERENCE_RULES = [
    ("format", r"\bno bullets?\b|\bwithout bullet|\bparagraphs\b|\bprose\b",
     "Answer in plain paragraphs, without bullet points."),
    ("format", r"\bbullet|\ba list\b", "Answer in bullet points."),
    ("length", r"\bbrief\b|\bshort\b|\bconcise\b|\bshorter\b", "Keep answers brief: one or two sentences."),
    ("length", r"\bdetailed\b|\bin detail\b|\blonger\b", "Give detailed, thorough answers."),
    ("tone", r"\binformal\b|\bcasual(?:ly)?\b|\brelaxed\b", "Use a casual, friendly tone."),
    ("tone", r"\bformal(?:ly)?\b|\bprofessional\b", "Use a formal tone."),
]
QUESTION_START = re.compile(r"(?i)^(what|who|where|when|why|how|which|do|does|did|am|is|are|can|could|"
                            r"will|would|should|have|has)\b")


@dataclass(frozen=True)
class Fact:
    """A fact (or, for preferences, an instruction) and the key that identifies what it is about."""

    key: str
    text: str


@dataclass
class Extraction:
    facts: list[Fact] = field(default_factory=list)
    preferences: list[Fact] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.facts or self.preferences)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


def is_question(sentence: str) -> bool:
    return sentence.rstrip().endswith("?") or bool(QUESTION_START.match(sentence.strip()))


def rule_extract(message: str) -> Extraction:
    """Facts and preferences found by the patterns above; questions teach nothing."""
    found = Extraction()
    for sentence in sentences(message):
        if is_question(sentence):
            continue
        preferences: dict[str, Fact] = {}
        if PREFERENCE_CUE.search(sentence):
            for key, pattern, instruction in PREFERENCE_RULES:
                if key not in preferences and re.search(pattern, sentence, re.I):
                    preferences[key] = Fact(key, instruction)
        found.preferences += preferences.values()
        for pattern, key, template in FACT_RULES:
            if preferences and key.startswith(("likes:", "dislikes:")):
                continue  # "I like short answers" is a preference, not a taste
            for match in re.finditer(pattern, sentence):
                values = [value.strip() for value in match.groups()]
                found.facts.append(Fact(key.format(*(v.lower() for v in values)), template.format(*values)))
    return found


def parse_extraction(reply: str) -> Extraction | None:
    """The model's JSON reply as an Extraction, or None when it is not in the expected shape."""
    start = reply.find("{")
    try:
        data, _ = json.JSONDecoder().raw_decode(reply[start:]) if start >= 0 else (None, 0)
        facts, preferences = (
            [Fact(str(item["key"]).strip().lower(), str(item["text"]).strip()) for item in data.get(part, [])]
            for part in ("facts", "preferences"))
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    return Extraction(facts, preferences)


def extract(message: str, provider: Provider) -> Extraction:
    reply = provider.complete([system(EXTRACT_PROMPT), user(message)], max_tokens=400)
    parsed = parse_extraction(reply)
    return parsed if parsed is not None else rule_extract(message)
