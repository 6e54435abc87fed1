"""The offline brain of the `fake` provider: it plays the three parts the model plays here.

- extraction (`EXTRACT_PROMPT`): the pattern rules of extraction.py, as JSON;
- summarization (`SUMMARIZE_PROMPT`): an extractive digest, the first sentences of each message;
- the chat: it reads the `<preferences>` and `<memories>` of its system prompt, answers a question
  with the memory that shares the most words with it, acknowledges what it was told, greets
  people it knows by name, and follows the preferences (brief, bullet points, formal, casual).
Deterministic, so tests can say exactly what a second session recalls. A real model does all
three far better; the prompts are the same.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict

from .extraction import EXTRACT_PROMPT, is_question, rule_extract, sentences
from .memory import SUMMARIZE_PROMPT
from .providers import Message
from .providers.fake import overlap

MEMORY_LINE = re.compile(r"^\[(\w+)(?: ([^\]]+))?\] (.+)$")
GREETING = re.compile(r"(?i)^(hi|hello|hey|good (morning|afternoon|evening))\b")
ABOUT_ME = re.compile(r"(?i)\b(know|remember)\b.*\babout me\b|\bwho am i\b")
CONTRACTIONS = {"I'll": "I will", "I'm": "I am", "don't": "do not", "What's": "What is", "we've": "we have",
                "I've": "I have", "you're": "you are", "You're": "You are", "can't": "cannot"}


def offline_brain(messages: list[Message]) -> str:
    instructions = messages[0].content if messages and messages[0].role == "system" else ""
    message = messages[-1].content
    if instructions == EXTRACT_PROMPT:
        found = rule_extract(message)
        return json.dumps({"facts": [asdict(f) for f in found.facts],
                           "preferences": [asdict(p) for p in found.preferences]})
    if instructions == SUMMARIZE_PROMPT:
        return digest(message)
    return chat(instructions, message)


def _block(text: str, tag: str) -> list[str]:
    match = re.search(rf"<{tag}>\n(.*?)\n</{tag}>", text, re.S)
    return [line.strip() for line in match.group(1).splitlines()] if match else []


def chat(instructions: str, message: str) -> str:
    memories = [m.groups() for m in map(MEMORY_LINE.match, _block(instructions, "memories")) if m]
    facts = [text for kind, _, text in memories if kind == "fact"]
    name = next((m.group(1) for m in map(re.compile(r"^Your name is (.+?)\.$").match, facts) if m), None)
    if is_question(message):
        answer = recall(message, memories, facts)
    else:
        answer = acknowledge(message, name)
    return follow(answer, _block(instructions, "preferences"))


def recall(question: str, memories: list[tuple], facts: list[str]) -> str:
    if ABOUT_ME.search(question):
        if not facts:
            return "I don't know much about you yet."
        return "Here is what I know about you: " + " ".join(facts)
    scored = [(overlap(question, text), kind, when, text) for kind, when, text in memories]
    best = max(scored, key=lambda item: item[0], default=(0, "", "", ""))
    score, kind, when, text = best
    if score == 0:
        return "I don't remember you telling me that."
    if kind == "episode":
        return f"On {when} you told me: \"{text}\""
    if kind == "digest":  # "On <day> you said: first | second | ...": the part that fits best
        parts = text.split(" | ")
        parts[0] = parts[0].split(": ", 1)[-1]
        return f"From our earlier conversations ({when}): {max(parts, key=lambda p: overlap(question, p))}"
    return text


def acknowledge(message: str, name: str | None) -> str:
    found = rule_extract(message)
    told = [f for f in found.facts if f.key != "name"]
    names = [f.text.removeprefix("Your name is ").rstrip(".") for f in found.facts if f.key == "name"]
    introduced = names[-1] if names else None
    parts = [f"Nice to meet you, {introduced}!"] if introduced else []
    if told:
        parts.append("Got it, I'll remember that. " + " ".join(f.text for f in told))
    if found.preferences:
        parts.append("Understood. " + " ".join(p.text for p in found.preferences))
    if not parts and GREETING.match(message):
        parts.append(f"Hello again, {name}! How can I help?" if name
                     else "Hello! I don't think we've met. What's your name?")
    return " ".join(parts) or "Thanks for telling me, I'll keep it in mind."


def follow(answer: str, preferences: list[str]) -> str:
    """Apply the stored preferences the way a model following its instructions would."""
    wanted = " ".join(preferences).lower()
    if "formal tone" in wanted:
        for short, full in CONTRACTIONS.items():
            answer = answer.replace(short, full)
    elif "casual" in wanted and not answer.startswith("Hello"):
        answer = "Sure! " + answer
    parts = sentences(answer)
    if "brief" in wanted:
        parts = parts[:2]
    if "bullet points" in wanted and "without bullet" not in wanted:
        return "\n".join(f"- {part}" for part in parts)
    return " ".join(parts)


def digest(lines: str) -> str:
    """An extractive summary: when, and the first statement of each message (questions dropped)."""
    dated = [re.match(r"^\[([\d-]+)[^\]]*\] (.+)$", line) for line in lines.splitlines()]
    dated = [m.groups() for m in dated if m]
    if not dated:
        return "Nothing to summarize."
    first, last = dated[0][0], dated[-1][0]
    said = []
    for _, text in dated:
        statement = next((s for s in sentences(text) if not is_question(s)), None)
        if statement and statement not in said:
            said.append(statement)
    when = f"On {first}" if first == last else f"Between {first} and {last}"
    return f"{when} you said: " + (" | ".join(said) if said else "(only questions)")
