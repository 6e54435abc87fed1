"""Exact-match caching of LLM responses: same model + same prompt -> no second API call."""
from collections import OrderedDict


class PromptCache:
    def __init__(self, capacity):
        self.capacity = capacity
        self.entries = OrderedDict()
        self.hits = self.misses = 0

    @staticmethod
    def key(model, prompt):
        return (model, " ".join(prompt.split()))

    def get(self, model, prompt):
        k = self.key(model, prompt)
        if k in self.entries:
            self.entries.move_to_end(k)
            self.hits += 1
            return self.entries[k]
        self.misses += 1
        return None

    def put(self, model, prompt, response):
        k = self.key(model, prompt)
        self.entries[k] = response
        self.entries.move_to_end(k)
        while len(self.entries) > self.capacity:
            self.entries.popitem(last=False)

    def hit_rate(self):
        total = self.hits + self.misses
        return self.hits / total if total else 0.0
