"""Self-consistency: ask the same question several times with CoT and take the majority answer."""


def final_answer(reply):
    """The normalised text after the last 'Answer:', or None."""
    if "Answer:" not in reply:
        return None
    return reply.rsplit("Answer:", 1)[1].strip().rstrip(".").strip().lower()


def vote(replies):
    answers = [a for a in (final_answer(r) for r in replies) if a is not None]
    if not answers:
        return None, 0.0
    counts = {}
    for a in answers:
        counts[a] = counts.get(a, 0) + 1
    winner = max(counts, key=lambda a: (counts[a], -answers.index(a)))
    return winner, counts[winner] / len(answers)
