from __future__ import annotations

import pytest

from {{ cookiecutter.package_name }}.evaluate import averages, bundled_dataset, evaluate
from {{ cookiecutter.package_name }}.offline import extract, offline_summary
from {{ cookiecutter.package_name }}.providers import FakeProvider
from {{ cookiecutter.package_name }}.strategies import STRATEGIES, Summarizer

TEXT = " ".join(f"Fact {i} is about topic {i % 3}." for i in range(12))


def summarizer(**kwargs) -> Summarizer:
    return Summarizer(FakeProvider(brain=offline_summary), **{"chunk_words": 20, "words": 30, **kwargs})


def test_each_strategy_makes_the_expected_number_of_calls():
    chunks = 4  # 12 sentences of 6 words, 3 per 20-word chunk
    s = summarizer()
    assert s.map_reduce(TEXT).calls == chunks + 1
    assert s.refine(TEXT).calls == chunks
    assert s.tree(TEXT).calls == chunks + 2 + 1  # 4 leaves, 2 pairs, 1 root
    assert s.tree(TEXT, fan_in=4).calls == chunks + 1


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_summaries_respect_the_word_budget_and_come_from_the_text(strategy):
    summary = summarizer().run(strategy, TEXT)
    assert 0 < len(summary.text.split()) <= 30
    assert all(sentence.rstrip(".") + "." in TEXT for sentence in summary.text.split(". "))


def test_prompts_carry_the_text_and_the_budget():
    fake = FakeProvider(replies=["a summary"] * 10)
    Summarizer(fake, chunk_words=20, words=25).refine(TEXT)
    first, second = fake.calls[0][-1].content, fake.calls[1][-1].content
    assert "at most 25 words" in first and "Fact 0 is about topic 0." in first
    assert "a summary" in second and "Fact 3 is about topic 0." in second


def test_short_and_empty_texts():
    assert summarizer().map_reduce("Just one sentence.").calls == 1
    assert summarizer().tree("").text == ""
    with pytest.raises(ValueError, match="unknown strategy"):
        summarizer().run("abstractive", TEXT)


def test_extract_keeps_the_most_central_sentences_in_order():
    text = "Cats purr. Cats and dogs play. Dogs bark at cats. Taxes are due in April."
    assert extract(text, 8) == "Cats and dogs play. Dogs bark at cats."


def test_every_strategy_scores_on_the_bundled_articles():
    dataset = bundled_dataset()
    assert [name for name, _, _ in dataset] == ["rag.txt", "transformers.txt"]
    scores = evaluate(Summarizer(FakeProvider(brain=offline_summary), chunk_words=150), dataset)
    assert len(scores) == len(dataset) * len(STRATEGIES)
    means = averages(scores)
    assert set(means) == set(STRATEGIES)
    assert all(0.2 < m["rouge1"] < 1 and 0 < m["rougeL"] <= m["rouge1"] for m in means.values())
