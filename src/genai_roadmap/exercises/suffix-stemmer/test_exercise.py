from exercise import stem_all, step_1a
from genai_check import expect


def test_rules():
    words = ["caresses", "ponies", "caress", "cats", "feed"]
    expect([step_1a(w) for w in words], ["caress", "poni", "caress", "cat", "feed"], "step 1a of " + ", ".join(words))


def test_short_and_case():
    expect([step_1a("is"), step_1a("Dogs")], ["is", "dog"], "step 1a of 'is' and 'Dogs'")


def test_text():
    expect(stem_all("Cats chase mice and ponies"), ["cat", "chase", "mice", "and", "poni"], "stems of a sentence")
