from exercise import tokenize, tokenize_word
from genai_check import expect

VOCAB = {"un", "##aff", "##able", "play", "##ing", "##s", "the", "token", "##izer", "a", "##ff"}


def test_word():
    expect(tokenize_word("unaffable", VOCAB), ["un", "##aff", "##able"], "pieces of 'unaffable'")
    expect(tokenize_word("playing", VOCAB), ["play", "##ing"], "pieces of 'playing'")


def test_unknown():
    expect(tokenize_word("xyz", VOCAB), ["[UNK]"], "pieces of a word the vocabulary cannot spell")


def test_text():
    expect(tokenize("the tokenizer plays", VOCAB), ["the", "token", "##izer", "play", "##s"], "tokens of a sentence")
