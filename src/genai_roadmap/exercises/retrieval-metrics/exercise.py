"""Retrieval evaluation: is the right chunk in the top k, and how high?"""


def precision_at_k(results, relevant, k):
    raise NotImplementedError("precision_at_k is not written yet")


def recall_at_k(results, relevant, k):
    raise NotImplementedError("recall_at_k is not written yet")


def mrr(queries):
    """queries: a list of (results, relevant) pairs."""
    raise NotImplementedError("mrr is not written yet")
