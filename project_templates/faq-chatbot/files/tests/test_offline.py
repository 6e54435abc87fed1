"""The offline stand-in answers from the FAQ entry that matches, and declines instead of guessing."""

from __future__ import annotations

import pytest

from {{ cookiecutter.package_name }}.bot import FaqBot
from {{ cookiecutter.package_name }}.knowledge import load_faq
from {{ cookiecutter.package_name }}.offline import NO_ANSWER, coverage


@pytest.fixture
def bot():  # per test: conftest's offline fixture must have chosen the fake provider first
    return FaqBot(load_faq(), context_entries=4)


@pytest.mark.parametrize("question,expected", [
    ("How much is the Pro plan?", "12 euros per user per month"),
    ("Do you have a mobile app?", "iOS 16"),
    ("how can I export my data", "Settings > Data export"),
    ("Which payment methods are accepted?", "PayPal"),
    ("Is there a free trial?", "14-day free trial"),
])
def test_questions_the_faq_answers(bot, question, expected):
    answer = bot.ask(question)
    assert answer.known and expected in answer.text


@pytest.mark.parametrize("question", [
    "How do I reset my router?",                      # shares only "reset" with the password entry
    "What is the capital of Peru?",
    "Is there a mobile app for Windows Phone?",        # half of it matches: not enough
    "Can I pay with cheque?",
    "Can I cancel my flight?",
    "How much does the Enterprise plan cost?",         # a plan the FAQ does not price
])
def test_questions_it_cannot_answer_get_no_answer(bot, question):
    answer = bot.ask(question)
    assert not answer.known and answer.text == NO_ANSWER and answer.sources == []


def test_coverage_needs_a_word_of_the_entry_question():
    assert coverage("Visa", "Which payment methods do you accept?", "We accept Visa") == 0.0
    assert coverage("payment with Visa", "Which payment methods do you accept?", "We accept Visa") == 1.0
    assert coverage("payment by cheque", "Which payment methods do you accept?", "We accept Visa") == 0.5
