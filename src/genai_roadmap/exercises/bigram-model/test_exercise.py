import math

from exercise import bigram_counts, next_char_probs, word_loss
from genai_check import close, expect

WORDS = ["emma", "ava", "eve"]


def test_counts():
    counts = bigram_counts(WORDS)
    expect(counts[(".", "e")], 2, "count of words starting with 'e'")
    expect(counts[("a", ".")], 2, "count of words ending with 'a'")


def test_probabilities():
    close(next_char_probs(bigram_counts(WORDS), "."), {"e": 2 / 3, "a": 1 / 3}, "P(first letter)")


def test_loss():
    counts = bigram_counts(WORDS)
    # .a (1/3), av (1/3), va (1/2), a. (2/3)
    expected = -(math.log(1 / 3) + math.log(1 / 3) + math.log(1 / 2) + math.log(2 / 3)) / 4
    close(word_loss(counts, "ava"), expected, "mean NLL of 'ava'")
