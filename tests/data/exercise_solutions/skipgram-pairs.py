"""Word2Vec's skip-gram model learns from (center word, context word) pairs within a window."""


def skipgram_pairs(tokens, window):
    pairs = []
    for i, word in enumerate(tokens):
        for j in range(max(0, i - window), min(len(tokens), i + window + 1)):
            if j != i:
                pairs.append((word, tokens[j]))
    return pairs
