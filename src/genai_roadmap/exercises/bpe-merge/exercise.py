"""Byte-pair encoding learns its vocabulary by merging the most frequent adjacent pair, again and again."""


def pair_counts(corpus):
    """{(a, b): count} over all adjacent symbol pairs; corpus is {("l", "o", "w"): 5, ...}."""
    raise NotImplementedError("pair_counts is not written yet")


def best_pair(corpus):
    """The most frequent pair; ties go to the smallest pair in sort order. None when no pair exists."""
    raise NotImplementedError("best_pair is not written yet")


def merge(corpus, pair):
    """A new corpus in which every adjacent occurrence of pair is one symbol (a + b)."""
    raise NotImplementedError("merge is not written yet")
