from __future__ import annotations

from {{ cookiecutter.package_name }}.bot import SYSTEM_PROMPT, FaqBot
from {{ cookiecutter.package_name }}.knowledge import load_faq
from {{ cookiecutter.package_name }}.providers import FakeProvider, Message


def test_answers_come_from_the_faq():
    bot = FaqBot(load_faq())
    answer = bot.ask("How much is the Pro plan?")
    assert answer.text == ("The Pro plan costs 12 euros per user per month, or 120 euros per user per year "
                           "when billed annually.")
    assert answer.sources[0].question == "How much does the Pro plan cost?"


def test_unknown_questions_get_an_honest_answer():
    assert "don't know" in FaqBot(load_faq()).ask("What is the capital of Peru?").text


def test_the_prompt_has_a_system_prompt_context_and_recent_history():
    fake = FakeProvider(replies=["ok"])
    bot = FaqBot(load_faq(), fake, context_entries=2)
    history = [Message("user", f"q{i}") for i in range(10)]
    bot.ask("Do you have a mobile app?", history)
    sent = fake.calls[0]
    assert sent[0].role == "system" and sent[0].content == SYSTEM_PROMPT
    assert len(sent) == 1 + 6 + 1  # system, the last three turns, the question
    prompt = sent[-1].content
    assert prompt.count("Q: ") == 2 and "<context>" in prompt and prompt.endswith("Do you have a mobile app?")


def test_an_empty_question_is_not_sent():
    fake = FakeProvider()
    assert FaqBot(load_faq(), fake).ask("  ").text == "Please ask a question."
    assert fake.calls == []
