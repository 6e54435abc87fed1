"""The simplest language model (Karpathy's makemore starts here): bigram counts of characters.
'.' marks the start and the end of a word.
"""
import math


def bigram_counts(words):
    """{(prev, next): count} over '.' + word + '.' for each word."""
    counts = {}
    for word in words:
        chars = "." + word + "."
        for pair in zip(chars, chars[1:]):
            counts[pair] = counts.get(pair, 0) + 1
    return counts


def next_char_probs(counts, prev):
    """{next: probability} after `prev`."""
    row = {b: n for (a, b), n in counts.items() if a == prev}
    total = sum(row.values())
    return {b: n / total for b, n in row.items()}


def word_loss(counts, word):
    """Mean negative log-likelihood of the word's transitions."""
    chars = "." + word + "."
    nll = [-math.log(next_char_probs(counts, a)[b]) for a, b in zip(chars, chars[1:])]
    return sum(nll) / len(nll)
