"""Subword tokenization as BERT's WordPiece does it: greedy longest match against a vocabulary."""


def tokenize_word(word, vocab):
    raise NotImplementedError("tokenize_word is not written yet")


def tokenize(text, vocab):
    raise NotImplementedError("tokenize is not written yet")
