"""Word2Vec's skip-gram model learns from (center word, context word) pairs within a window."""


def skipgram_pairs(tokens, window):
    raise NotImplementedError("skipgram_pairs is not written yet")
