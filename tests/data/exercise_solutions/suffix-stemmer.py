"""Classic NLP normalises words before counting them. Porter's stemmer starts with plurals (step 1a)."""


def step_1a(word):
    word = word.lower()
    if len(word) <= 2:
        return word
    for suffix, replacement in (("sses", "ss"), ("ies", "i"), ("ss", "ss"), ("s", "")):
        if word.endswith(suffix):
            return word[: len(word) - len(suffix)] + replacement
    return word


def stem_all(text):
    """step_1a applied to every whitespace-separated word."""
    return [step_1a(w) for w in text.split()]
