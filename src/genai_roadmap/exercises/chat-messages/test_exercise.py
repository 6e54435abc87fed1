from exercise import build_messages
from genai_check import expect

HISTORY = [("hi there", "hello how can I help"), ("what is RAG", "retrieval augmented generation")]


def test_everything_fits():
    got = build_messages("be brief", HISTORY, "and LoRA?", budget=100)
    expect([m["role"] for m in got], ["system", "user", "assistant", "user", "assistant", "user"], "roles in order")
    expect(got[-1], {"role": "user", "content": "and LoRA?"}, "the last message")


def test_oldest_turn_dropped():
    # system 2 + question 2 + newest turn 3 + 3 = 10 words; the older turn (2 + 5) does not fit in 12.
    got = build_messages("be brief", HISTORY, "and LoRA?", budget=12)
    expect([m["content"] for m in got], ["be brief", "what is RAG", "retrieval augmented generation", "and LoRA?"],
           "messages with a budget of 12 words")


def test_nothing_fits():
    expect(len(build_messages("be brief", HISTORY, "and LoRA?", budget=4)), 2, "messages when only system and question fit")
