from __future__ import annotations

from datetime import datetime, timezone

import pytest

from {{ cookiecutter.package_name }}.assistant import EPISODE_BUDGET, RECALL_K, Assistant
from {{ cookiecutter.package_name }}.memory import MemoryBank, ticking_clock
from {{ cookiecutter.package_name }}.offline import offline_brain
from {{ cookiecutter.package_name }}.providers import FakeProvider, get_provider
from {{ cookiecutter.package_name }}.store import open_store


@pytest.fixture
def session(tmp_path):
    """session("alice") opens a new session: a new store, bank and assistant, as a new process would."""
    clock, opened = ticking_clock(datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)), []

    def start(user: str, **options) -> Assistant:
        store = open_store(tmp_path / "memory")
        opened.append(store)
        provider = options.pop("provider", None) or FakeProvider(brain=offline_brain)
        bank = MemoryBank(store, provider, now=clock)
        return Assistant(bank, user, **options)

    yield start
    for store in opened:
        store.close()


def test_a_fact_told_in_session_1_is_recalled_in_session_2(session):
    first = session("alice")
    turn = first.reply("Hi! My name is Alice. I live in Lisbon and I love green tea.")
    assert turn.answer == ("Nice to meet you, Alice! Got it, I'll remember that. "
                           "You live in Lisbon. You like green tea.")
    assert [what for what, _ in turn.learned] == ["added"] * 3
    first.reply("I'm flying to Tokyo next Tuesday for a conference.")

    second = session("alice")
    assert second.session != first.session
    assert second.reply("Where do I live?").answer == "You live in Lisbon."
    assert second.reply("What's my name?").answer == "Your name is Alice."
    trip = second.reply("When am I flying to Tokyo?")
    assert trip.answer == ("On 2025-03-01 09:05 you told me: "
                           "\"I'm flying to Tokyo next Tuesday for a conference.\"")
    assert any("Tokyo" in m.text for m in trip.recalled)
    assert second.reply("Hello").answer == "Hello again, Alice! How can I help?"
    assert second.reply("   ").answer == "Say something and I'll remember what matters."


def test_memories_belong_to_one_user(session):
    session("alice").reply("My name is Alice and I live in Lisbon.")
    bob = session("bob")
    assert bob.reply("Where do I live?").answer == "I don't remember you telling me that."
    assert bob.reply("Hello").answer == "Hello! I don't think we've met. What's your name?"


def test_preferences_are_remembered_and_followed(session):
    session("alice").reply("My name is Alice. Please answer in bullet points and be formal.")
    later = session("alice")
    answer = later.reply("I'm from Porto and I work as a nurse.").answer
    assert answer == ("- Got it, I will remember that.\n- You are from Porto.\n- You work as a nurse.")
    system_prompt = later.build_messages("anything")[0][0].content
    assert "- Answer in bullet points.\n- Use a formal tone." in system_prompt


def test_facts_are_updated_not_duplicated(session):
    first = session("alice")
    first.reply("I live in Lisbon.")
    first.reply("I live in Lisbon, as I said.")
    turn = first.reply("I moved to Berlin last month.")
    assert [(what, m.text) for what, m in turn.learned] == [("updated", "You live in Berlin.")]
    assert session("alice").reply("What do you know about me?").answer == \
        "Here is what I know about you: You live in Berlin."


def test_the_prompt_recalls_earlier_sessions_not_this_one(session):
    session("alice").reply("My sister Ana visits in May.")
    now = session("alice")
    now.reply("The cello lessons start in June.")
    messages, recalled = now.build_messages("When does my sister Ana visit?")
    assert [m.text for m in recalled] == ["My sister Ana visits in May."]
    assert "[episode 2025-03-01 09:01] My sister Ana visits in May." in messages[0].content
    assert [m.role for m in messages] == ["system", "user", "assistant", "user"]  # this session's turns
    assert RECALL_K == {{ cookiecutter.recall_k }} and EPISODE_BUDGET == {{ cookiecutter.episode_budget }}


def test_long_conversations_are_compressed_and_still_recalled(session):
    first = session("alice", episode_budget=4)
    notes = ["I adopted a cat called Miso.", "The kitchen renovation ends in April.", "I ran 10 km today.",
             "My dentist appointment is on Friday.", "I finished reading Dune.", "I bought a red bike."]
    digests = [turn.digest for turn in map(first.reply, notes) if turn.digest]
    # the 5th message makes 5 episodes > 4: the oldest 3 become a digest, 2 stay (then the 6th comes)
    assert len(digests) == 1 and len(first.bank.memories("alice", "episodic")) == 3
    assert digests[0].text.startswith("On 2025-03-01 you said: I adopted a cat called Miso. |")
    answer = session("alice").reply("When does the kitchen renovation end?").answer
    assert answer == "From our earlier conversations (2025-03-01): The kitchen renovation ends in April."


@pytest.mark.integration
def test_a_real_model_remembers_across_sessions(session):
    provider = get_provider()
    session("alice", provider=provider).reply("My name is Alice and I live in Lisbon.")
    assert "Lisbon" in session("alice", provider=provider).reply("Which city do I live in?").answer
