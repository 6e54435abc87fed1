from exercise import precision_recall_f1
from genai_check import close


def test_mixed():
    y_true = [1, 1, 1, 0, 0, 0, 1, 0]
    y_pred = [1, 0, 1, 1, 0, 0, 1, 0]
    close(precision_recall_f1(y_true, y_pred), (0.75, 0.75, 0.75), "(precision, recall, f1) with tp=3 fp=1 fn=1")


def test_lopsided():
    close(precision_recall_f1([1, 1, 1, 1], [1, 0, 0, 0]), (1.0, 0.25, 0.4), "one caught out of four positives")


def test_no_positive_predictions():
    close(precision_recall_f1([1, 0], [0, 0]), (0.0, 0.0, 0.0), "a classifier that never says positive")
