from exercise import mask_pii
from genai_check import expect


def test_email_and_phone():
    text = "Mail jane.doe+news@mail.example.co.uk or call 555-123-4567 today."
    expect(mask_pii(text), ("Mail [EMAIL] or call [PHONE] today.", {"EMAIL": 1, "PHONE": 1}), "masking an email and a phone")


def test_country_code_and_spaces():
    expect(mask_pii("Call +33 6 12 34 56 78.")[0], "Call [PHONE].", "a phone with a country code and spaces")


def test_leaves_other_numbers():
    text = "Order 12345 shipped on 2024-05-01."
    expect(mask_pii(text), (text, {"EMAIL": 0, "PHONE": 0}), "text with short numbers and a date")
