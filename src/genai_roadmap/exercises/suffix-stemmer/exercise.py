"""Classic NLP normalises words before counting them. Porter's stemmer starts with plurals (step 1a)."""


def step_1a(word):
    raise NotImplementedError("step_1a is not written yet")


def stem_all(text):
    """step_1a applied to every whitespace-separated word."""
    raise NotImplementedError("stem_all is not written yet")
