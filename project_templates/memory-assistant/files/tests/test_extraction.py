from __future__ import annotations

import pytest

from {{ cookiecutter.package_name }}.extraction import Fact, extract, parse_extraction, rule_extract
from {{ cookiecutter.package_name }}.providers import FakeProvider


@pytest.mark.parametrize("message,fact", [
    ("Hi, my name is Alice.", Fact("name", "Your name is Alice.")),
    ("Call me Bo", Fact("name", "Your name is Bo.")),
    ("I live in New York with two cats", Fact("location", "You live in New York.")),
    ("Last year I moved to Porto.", Fact("location", "You live in Porto.")),
    ("I work as a data engineer at Acme.", Fact("job", "You work as a data engineer.")),
    ("I'm allergic to peanuts, sadly.", Fact("allergy:peanuts", "You are allergic to peanuts.")),
    ("I love green tea and I hate mornings", Fact("likes:green tea", "You like green tea.")),
    ("I don't like mushrooms", Fact("dislikes:mushrooms", "You don't like mushrooms.")),
    ("My favorite color is teal.", Fact("favorite:color", "Your favorite color is teal.")),
    ("I have a dog named Rex", Fact("pet:rex", "You have a dog named Rex.")),
    ("I'm 34 years old", Fact("age", "You are 34 years old.")),
])
def test_facts_are_found_and_keyed(message, fact):
    assert fact in rule_extract(message).facts


def test_questions_teach_nothing():
    assert not rule_extract("Do I like coffee? Where do I live?")
    assert rule_extract("Where do I live? I live in Oslo.").facts == [Fact("location", "You live in Oslo.")]


def test_preferences_are_instructions():
    found = rule_extract("From now on, please keep your answers short and use bullet points.")
    assert {p.key: p.text for p in found.preferences} == {
        "format": "Answer in bullet points.", "length": "Keep answers brief: one or two sentences."}
    assert rule_extract("I like short answers").facts == []  # a preference, not a taste
    assert rule_extract("Please be formal, no bullet points").preferences == [
        Fact("format", "Answer in plain paragraphs, without bullet points."),
        Fact("tone", "Use a formal tone.")]
    assert rule_extract("I like hiking").preferences == []


def test_the_model_extracts_as_json_with_the_rules_as_fallback():
    reply = '```json\n{"facts": [{"key": "Location", "text": "You live in Rome."}], "preferences": []}\n```'
    assert parse_extraction(reply).facts == [Fact("location", "You live in Rome.")]
    assert parse_extraction("no JSON here") is None
    assert parse_extraction('{"facts": [{"text": "keyless"}]}') is None
    model = FakeProvider(replies=["Sorry, I can't do JSON"])
    assert extract("My name is Zoe", model).facts == [Fact("name", "Your name is Zoe.")]
    assert not extract("My name is Zoe", FakeProvider(replies=['{"facts": [], "preferences": []}']))
