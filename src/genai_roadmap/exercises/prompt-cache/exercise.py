"""Exact-match caching of LLM responses: same model + same prompt -> no second API call."""
from collections import OrderedDict


class PromptCache:
    def __init__(self, capacity):
        raise NotImplementedError("PromptCache is not written yet")

    @staticmethod
    def key(model, prompt):
        raise NotImplementedError("key is not written yet")

    def get(self, model, prompt):
        raise NotImplementedError("get is not written yet")

    def put(self, model, prompt, response):
        raise NotImplementedError("put is not written yet")

    def hit_rate(self):
        raise NotImplementedError("hit_rate is not written yet")
