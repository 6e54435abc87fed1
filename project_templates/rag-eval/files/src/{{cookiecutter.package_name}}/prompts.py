"""Every prompt the pipeline and the judge send, in one place to read, version and tune.

The offline brain (`offline.py`) recognises each system prompt and plays its part, so the whole
project runs without a model; a real model just follows the instructions.
"""

from __future__ import annotations

ANSWER_SYSTEM = (
    "You answer questions about the Helio H10 home battery from the passages inside <context> "
    "only. Each passage starts with its id and title in brackets. Answer in one to three "
    "sentences. If the passages do not contain the answer, say that you don't know."
)
ANSWER_USER = "<context>\n{context}\n</context>\n\nQuestion: {question}"

HYDE_SYSTEM = (
    "Write a short passage, two or three sentences, that could appear in product documentation "
    "and answers the question. Invent plausible details if you must: the passage is only used "
    "to search for real documents, never shown to the user."
)

CLAIMS_SYSTEM = (
    "Break the answer into short, self-contained factual statements (claims), each "
    "understandable without the others. Reply with JSON only: {\"claims\": [\"...\", ...]}. "
    "An answer that only says it does not know has no claims."
)
CLAIMS_USER = "Question: {question}\nAnswer: {answer}"

VERIFY_SYSTEM = (
    "You are a strict fact checker. For each numbered statement, decide whether it can be "
    "inferred from the context alone (\"yes\") or not (\"no\"). Numbers must match exactly. "
    "Reply with JSON only: {\"verdicts\": [{\"statement\": \"...\", \"verdict\": \"yes\", "
    "\"reason\": \"...\"}, ...]}, one verdict per statement, in order."
)
VERIFY_USER = "<context>\n{context}\n</context>\n\nStatements:\n{statements}"

GENERATED_QUESTIONS = 3
QUESTIONS_SYSTEM = (
    f"Write {GENERATED_QUESTIONS} different questions that the given answer would be a good answer "
    "to. Also say whether the answer is noncommittal (evasive, vague or \"I don't know\": 1) or "
    "not (0). Reply with JSON only: {\"questions\": [\"...\", ...], \"noncommittal\": 0}."
)
QUESTIONS_USER = "Answer: {answer}"
