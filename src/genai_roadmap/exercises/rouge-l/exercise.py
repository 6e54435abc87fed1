"""ROUGE-L scores a summary by its longest common subsequence with a reference."""


def lcs_length(a, b):
    raise NotImplementedError("lcs_length is not written yet")


def rouge_l(candidate, reference):
    """The ROUGE-L F-measure of two strings (lowercased, split on whitespace)."""
    raise NotImplementedError("rouge_l is not written yet")
