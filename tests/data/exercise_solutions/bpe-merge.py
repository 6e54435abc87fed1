"""Byte-pair encoding learns its vocabulary by merging the most frequent adjacent pair, again and again."""


def pair_counts(corpus):
    """{(a, b): count} over all adjacent symbol pairs; corpus is {("l", "o", "w"): 5, ...}."""
    counts = {}
    for word, n in corpus.items():
        for pair in zip(word, word[1:]):
            counts[pair] = counts.get(pair, 0) + n
    return counts


def best_pair(corpus):
    """The most frequent pair; ties go to the smallest pair in sort order. None when no pair exists."""
    counts = pair_counts(corpus)
    if not counts:
        return None
    return min(counts, key=lambda p: (-counts[p], p))


def merge(corpus, pair):
    """A new corpus in which every adjacent occurrence of pair is one symbol (a + b)."""
    a, b = pair
    merged = {}
    for word, n in corpus.items():
        out, i = [], 0
        while i < len(word):
            if i + 1 < len(word) and word[i] == a and word[i + 1] == b:
                out.append(a + b)
                i += 2
            else:
                out.append(word[i])
                i += 1
        merged[tuple(out)] = merged.get(tuple(out), 0) + n
    return merged
