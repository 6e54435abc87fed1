"""The provider layer: the offline fake, and clear errors when a real provider is not set up."""

from __future__ import annotations

import math
import sys
import types

import pytest

from {{ cookiecutter.package_name }}.providers import (
    FakeProvider,
    Message,
    ProviderError,
    get_provider,
    hash_embedding,
    reply_json,
    system,
    user,
)


def cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def test_unit_tests_run_on_the_fake_provider():
    assert get_provider().name == "fake"


def test_hash_embeddings_are_deterministic_unit_vectors():
    first, again = hash_embedding("Reset your password"), hash_embedding("Reset your password")
    assert first == again
    assert math.isclose(sum(v * v for v in first), 1.0, rel_tol=1e-9)
    related = cosine(first, hash_embedding("How do I reset a forgotten password?"))
    unrelated = cosine(first, hash_embedding("Shipping to Canada takes five days"))
    assert related > unrelated


def test_fake_answers_from_the_best_passage_of_the_context():
    fake = FakeProvider()
    prompt = ("<context>\nQ: What are your opening hours?\nA: We are open 9 to 5.\n\n"
              "Q: Do you ship abroad?\nA: Yes, to 30 countries.\n</context>\n\n"
              "Question: when are you open?")
    answer = fake.complete([system("Answer from the context."), user(prompt)])
    assert answer == "We are open 9 to 5."
    assert "don't know" in fake.complete([user("<context>\nCats purr.\n</context>\nQuestion: tax rate?")])


def test_fake_follows_a_script_or_a_brain():
    scripted = FakeProvider(replies=["one", "two"])
    assert [scripted.complete([user("x")]) for _ in range(2)] == ["one", "two"]
    assert FakeProvider(brain=lambda messages: messages[-1].content.upper()).complete([user("hi")]) == "HI"


@pytest.mark.parametrize("name", ["openai", "anthropic", "ollama"])
def test_a_real_provider_without_its_sdk_says_how_to_install_it(monkeypatch, name):
    monkeypatch.setitem(sys.modules, name, None)  # import fails as if it were not installed
    with pytest.raises(ProviderError, match=rf"pip install -e '\.\[{name}\]'"):
        get_provider(name)


@pytest.mark.parametrize("name,variable", [("openai", "OPENAI_API_KEY"),
                                           ("anthropic", "ANTHROPIC_API_KEY")])
def test_a_missing_key_is_named(monkeypatch, name, variable):
    monkeypatch.setitem(sys.modules, name, types.ModuleType(name))  # an SDK that is "installed"
    monkeypatch.delenv(variable, raising=False)
    with pytest.raises(ProviderError, match=variable):
        get_provider(name)


def test_an_unknown_provider_lists_the_valid_ones():
    with pytest.raises(ProviderError, match="fake, openai, anthropic, ollama"):
        get_provider("gpt-5-turbo")


def test_json_is_read_from_a_reply_with_a_fence_or_words_around_it():
    assert reply_json('Sure!\n```json\n{"verdict": "yes", "n": [1]}\n```') == {"verdict": "yes", "n": [1]}
    for reply in ("no JSON here", "[1, 2]", "{broken"):
        with pytest.raises(ValueError, match="expected a JSON object"):
            reply_json(reply)


@pytest.mark.integration
def test_the_real_provider_answers_and_embeds():
    provider = get_provider()
    reply = provider.complete([Message("user", "Reply with the single word: ready")], max_tokens=10)
    assert reply.strip()
    assert len(provider.embed(["hello"])[0]) > 10
