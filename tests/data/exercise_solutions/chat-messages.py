"""The anatomy of a chat prompt: system prompt, past turns, the new user turn, under a token budget."""


def build_messages(system, history, question, budget, count=lambda text: len(text.split())):
    """A list of {'role', 'content'} dicts: system, as many recent turns as fit, then the question."""
    used = count(system) + count(question)
    kept = []
    for user, assistant in reversed(history):
        cost = count(user) + count(assistant)
        if used + cost > budget:
            break
        used += cost
        kept.insert(0, (user, assistant))
    messages = [{"role": "system", "content": system}]
    for user, assistant in kept:
        messages += [{"role": "user", "content": user}, {"role": "assistant", "content": assistant}]
    messages.append({"role": "user", "content": question})
    return messages
