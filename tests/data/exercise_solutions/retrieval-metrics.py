"""Retrieval evaluation: is the right chunk in the top k, and how high?"""


def precision_at_k(results, relevant, k):
    return sum(1 for doc in results[:k] if doc in relevant) / k


def recall_at_k(results, relevant, k):
    if not relevant:
        return 0.0
    return sum(1 for doc in results[:k] if doc in relevant) / len(relevant)


def mrr(queries):
    """queries: a list of (results, relevant) pairs."""
    total = 0.0
    for results, relevant in queries:
        for position, doc in enumerate(results, start=1):
            if doc in relevant:
                total += 1 / position
                break
    return total / len(queries)
