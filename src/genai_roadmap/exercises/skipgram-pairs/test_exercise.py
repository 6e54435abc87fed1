from exercise import skipgram_pairs
from genai_check import expect


def test_window_one():
    expect(skipgram_pairs(["the", "cat", "sat"], 1),
           [("the", "cat"), ("cat", "the"), ("cat", "sat"), ("sat", "cat")], "pairs of 'the cat sat' with window 1")


def test_window_two_count():
    expect(len(skipgram_pairs("a b c d e".split(), 2)), 14, "number of pairs in 5 words with window 2")


def test_empty():
    expect(skipgram_pairs([], 3), [], "pairs of an empty sentence")
