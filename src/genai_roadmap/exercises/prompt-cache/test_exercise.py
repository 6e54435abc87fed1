from exercise import PromptCache
from genai_check import close, expect


def test_hit_after_normalising():
    cache = PromptCache(2)
    cache.put("gpt", "What is  RAG?\n", "Retrieval...")
    expect(cache.get("gpt", " What is RAG? "), "Retrieval...", "a lookup differing only in whitespace")
    expect(cache.get("claude", "What is RAG?"), None, "the same prompt for another model")


def test_lru_eviction():
    cache = PromptCache(2)
    cache.put("m", "a", 1)
    cache.put("m", "b", 2)
    cache.get("m", "a")  # a is now the most recent
    cache.put("m", "c", 3)
    expect([cache.get("m", p) for p in ("a", "b", "c")], [1, None, 3], "after evicting the least recently used")


def test_hit_rate():
    cache = PromptCache(1)
    close(cache.hit_rate(), 0.0, "hit rate before any lookup")
    cache.put("m", "x", "y")
    cache.get("m", "x")
    cache.get("m", "z")
    close(cache.hit_rate(), 0.5, "hit rate after one hit and one miss")
