"""Three ways to summarize a text longer than one prompt.

- map-reduce: summarize every chunk independently (parallelisable), then summarize the summaries.
- refine: summarize the first chunk, then revise that summary with each following chunk in turn
  (keeps the thread of the text, but sequential).
- tree: summarize chunks, then summarize pairs of summaries, level by level, until one is left
  (bounded prompt size however long the text).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .providers import Provider, system, user
from .text import CHUNK_WORDS, chunk_text

SUMMARY_WORDS = 120
SYSTEM_PROMPT = "You write faithful, concise summaries. Never add facts that are not in the text."
MAP_PROMPT = "Summarize this part of a longer text in at most {words} words.\n<text>\n{text}\n</text>"
REDUCE_PROMPT = ("These are summaries of consecutive parts of one text. Combine them into one "
                 "summary of at most {words} words.\n<text>\n{text}\n</text>")
REFINE_PROMPT = ("Here is a summary of the text so far, followed by the next part of the text. "
                 "Rewrite the summary so it also covers the new part, in at most {words} words.\n"
                 "<text>\n{summary}\n\n{text}\n</text>")


@dataclass
class Summary:
    strategy: str
    text: str
    calls: int  # how many model calls it took


class Summarizer:
    def __init__(self, provider: Provider, chunk_words: int = CHUNK_WORDS, words: int = SUMMARY_WORDS):
        self.provider = provider
        self.chunk_words = chunk_words
        self.words = words
        self.calls = 0

    def _ask(self, template: str, **fields: str) -> str:
        self.calls += 1
        prompt = template.format(words=self.words, **fields)
        reply = self.provider.complete([system(SYSTEM_PROMPT), user(prompt)], max_tokens=2 * self.words)
        return reply.strip()

    def _run(self, strategy: str, method: Callable[[list[str]], str], text: str) -> Summary:
        self.calls = 0
        chunks = chunk_text(text, self.chunk_words)
        if not chunks:
            return Summary(strategy, "", 0)
        return Summary(strategy, method(chunks), self.calls)

    def map_reduce(self, text: str) -> Summary:
        def method(chunks: list[str]) -> str:
            parts = [self._ask(MAP_PROMPT, text=chunk) for chunk in chunks]
            return parts[0] if len(parts) == 1 else self._ask(REDUCE_PROMPT, text="\n\n".join(parts))

        return self._run("map-reduce", method, text)

    def refine(self, text: str) -> Summary:
        def method(chunks: list[str]) -> str:
            summary = self._ask(MAP_PROMPT, text=chunks[0])
            for chunk in chunks[1:]:
                summary = self._ask(REFINE_PROMPT, summary=summary, text=chunk)
            return summary

        return self._run("refine", method, text)

    def tree(self, text: str, fan_in: int = 2) -> Summary:
        def method(chunks: list[str]) -> str:
            level = [self._ask(MAP_PROMPT, text=chunk) for chunk in chunks]
            while len(level) > 1:
                groups = [level[i:i + fan_in] for i in range(0, len(level), fan_in)]
                level = [group[0] if len(group) == 1 else self._ask(REDUCE_PROMPT, text="\n\n".join(group))
                         for group in groups]
            return level[0]

        return self._run("tree", method, text)

    def run(self, strategy: str, text: str) -> Summary:
        methods = {"map-reduce": self.map_reduce, "refine": self.refine, "tree": self.tree}
        if strategy not in methods:
            raise ValueError(f"unknown strategy '{strategy}': use {', '.join(STRATEGIES)}")
        return methods[strategy](text)


STRATEGIES = ("map-reduce", "refine", "tree")
DEFAULT_STRATEGY = "{{ cookiecutter.default_strategy }}"
