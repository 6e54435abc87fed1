from exercise import best_pair, merge, pair_counts
from genai_check import expect

CORPUS = {("l", "o", "w"): 5, ("l", "o", "w", "e", "r"): 2, ("n", "e", "w", "e", "s", "t"): 6, ("w", "i", "d", "e", "s", "t"): 3}


def test_pair_counts():
    counts = pair_counts(CORPUS)
    expect(counts[("e", "s")], 9, "count of the pair ('e', 's')")
    expect(counts[("l", "o")], 7, "count of the pair ('l', 'o')")


def test_best_pair():
    expect(best_pair(CORPUS), ("e", "s"), "the most frequent pair (ties to the smallest)")
    expect(best_pair({("a",): 3}), None, "best_pair of a corpus of one-symbol words")


def test_merge():
    merged = merge(CORPUS, ("e", "s"))
    expect(merged[("n", "e", "w", "es", "t")], 6, "'newest' after merging ('e', 's')")
    expect(merge({("a", "a", "a"): 1}, ("a", "a")), {("aa", "a"): 1}, "merging ('a', 'a') in 'aaa' (left to right)")
