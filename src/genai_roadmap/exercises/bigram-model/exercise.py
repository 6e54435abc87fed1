"""The simplest language model (Karpathy's makemore starts here): bigram counts of characters.
'.' marks the start and the end of a word.
"""
import math


def bigram_counts(words):
    """{(prev, next): count} over '.' + word + '.' for each word."""
    raise NotImplementedError("bigram_counts is not written yet")


def next_char_probs(counts, prev):
    """{next: probability} after `prev`."""
    raise NotImplementedError("next_char_probs is not written yet")


def word_loss(counts, word):
    """Mean negative log-likelihood of the word's transitions."""
    raise NotImplementedError("word_loss is not written yet")
