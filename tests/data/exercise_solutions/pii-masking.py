"""PII masking: replace email addresses and phone numbers before text is logged or sent to a provider."""
import re


def mask_pii(text):
    """(masked text, {'EMAIL': count, 'PHONE': count})."""
    text, emails = re.subn(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", "[EMAIL]", text)
    text, phones = re.subn(r"(?<![\w])(?:\+\d{1,3}[ .-]?)?(?:\d[ .-]?){9}\d(?![\w])", "[PHONE]", text)
    return text, {"EMAIL": emails, "PHONE": phones}
