"""Precision, recall and F1 for a binary classifier (1 = positive, e.g. spam)."""


def precision_recall_f1(y_true, y_pred):
    """Return (precision, recall, f1) as floats; a metric whose denominator is 0 is 0.0."""
    raise NotImplementedError("precision_recall_f1(y_true, y_pred) is not written yet")
