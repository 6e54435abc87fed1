from exercise import mrr, precision_at_k, recall_at_k
from genai_check import close

RESULTS = ["d3", "d1", "d7", "d2", "d9"]
RELEVANT = {"d1", "d2", "d5"}


def test_precision():
    close(precision_at_k(RESULTS, RELEVANT, 2), 0.5, "precision@2")
    close(precision_at_k(RESULTS, RELEVANT, 5), 0.4, "precision@5")


def test_recall():
    close(recall_at_k(RESULTS, RELEVANT, 2), 1 / 3, "recall@2")
    close(recall_at_k(RESULTS, RELEVANT, 5), 2 / 3, "recall@5")


def test_mrr():
    queries = [(RESULTS, RELEVANT), (["a", "b"], {"a"}), (["x", "y"], {"z"})]
    close(mrr(queries), (1 / 2 + 1 + 0) / 3, "MRR over three queries (ranks 2, 1 and none)")
