"""The chatbot: a system prompt, a prompt template with the FAQ injected as context, and history."""

from __future__ import annotations

from dataclasses import dataclass, field

from .knowledge import FaqEntry, relevant_entries
from .offline import NO_ANSWER, offline_answer
from .providers import Message, Provider, get_provider, system, user

SYSTEM_PROMPT = (
    "You are the friendly support assistant of Acme Cloud. Answer the user's question using only "
    "the FAQ entries inside <context>. If they do not contain the answer, say that you don't know "
    "and suggest writing to support@example.com. Answer in one to three sentences."
)
PROMPT_TEMPLATE = "<context>\n{context}\n</context>\n\nQuestion: {question}"
CONTEXT_ENTRIES = {{ cookiecutter.context_entries }}
HISTORY_TURNS = 3


@dataclass
class Answer:
    text: str
    sources: list[FaqEntry] = field(default_factory=list)
    known: bool = True  # False when the offline stand-in found no entry that answers


def format_context(entries: list[FaqEntry]) -> str:
    return "\n\n".join(f"Q: {e.question}\nA: {e.answer}" for e in entries)


class FaqBot:
    def __init__(self, faq: list[FaqEntry], provider: Provider | None = None,
                 context_entries: int = CONTEXT_ENTRIES):
        self.faq = faq
        # offline, the fake provider's brain matches FAQ entries and declines when none fits
        self.provider = provider or get_provider(brain=offline_answer)
        self.context_entries = context_entries

    def build_messages(self, question: str, history: list[Message] | None = None) -> list[Message]:
        entries = relevant_entries(self.faq, question, self.context_entries)
        prompt = PROMPT_TEMPLATE.format(context=format_context(entries), question=question.strip())
        recent = (history or [])[-2 * HISTORY_TURNS:]
        return [system(SYSTEM_PROMPT), *recent, user(prompt)]

    def ask(self, question: str, history: list[Message] | None = None) -> Answer:
        if not question.strip():
            return Answer("Please ask a question.")
        messages = self.build_messages(question, history)
        sources = relevant_entries(self.faq, question, self.context_entries)
        text = self.provider.complete(messages).strip()
        if text == NO_ANSWER:
            return Answer(text, [], known=False)
        return Answer(text, sources)
