"""Subword tokenization as BERT's WordPiece does it: greedy longest match against a vocabulary."""


def tokenize_word(word, vocab):
    pieces, start = [], 0
    while start < len(word):
        end = len(word)
        while end > start:
            piece = word[start:end] if start == 0 else "##" + word[start:end]
            if piece in vocab:
                break
            end -= 1
        if end == start:
            return ["[UNK]"]
        pieces.append(piece)
        start = end
    return pieces


def tokenize(text, vocab):
    return [piece for word in text.split() for piece in tokenize_word(word, vocab)]
