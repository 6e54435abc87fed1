"""The anatomy of a chat prompt: system prompt, past turns, the new user turn, under a token budget."""


def build_messages(system, history, question, budget, count=lambda text: len(text.split())):
    """A list of {'role', 'content'} dicts: system, as many recent turns as fit, then the question."""
    raise NotImplementedError("build_messages is not written yet")
