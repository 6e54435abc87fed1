from exercise import INSTRUCTION, grounded_prompt
from genai_check import expect

CHUNKS = [("faq.md", "Refunds take 5 days."), ("policy.pdf#p2", "Refunds need a receipt and the original box."),
          ("blog.html", "We love our customers very much indeed.")]


def test_layout():
    expect(grounded_prompt("How long do refunds take?", CHUNKS[:2]),
           INSTRUCTION + "\n\nContext:\n[1] (faq.md) Refunds take 5 days.\n"
           "[2] (policy.pdf#p2) Refunds need a receipt and the original box.\n\n"
           "Question: How long do refunds take?\nAnswer (cite like [1]):", "the prompt with two chunks")


def test_word_budget():
    prompt = grounded_prompt("q", CHUNKS, max_words=12)
    expect(("[2]" in prompt, "[3]" in prompt), (True, False), "chunks kept within 12 words (4 + 8, the third does not fit)")
