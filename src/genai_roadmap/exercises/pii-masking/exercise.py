"""PII masking: replace email addresses and phone numbers before text is logged or sent to a provider."""
import re


def mask_pii(text):
    """(masked text, {'EMAIL': count, 'PHONE': count})."""
    raise NotImplementedError("mask_pii is not written yet")
