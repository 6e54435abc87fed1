from exercise import kv_cache_bytes, max_tokens
from genai_check import expect


def test_llama3_8b():
    expect(kv_cache_bytes(32, 8, 128, 1), 131072, "bytes per token of Llama-3-8B's cache (fp16)")
    expect(kv_cache_bytes(32, 8, 128, 8192), 1073741824, "bytes of an 8k-token context (exactly 1 GiB)")


def test_batch_and_int8():
    expect(kv_cache_bytes(32, 32, 128, 4096, batch=4, bytes_per_value=1), 4294967296,
           "Llama-2-7B (no GQA), 4 sequences of 4096 tokens, int8 cache")


def test_max_tokens():
    expect(max_tokens(4 * 1024 ** 3, 32, 8, 128, batch=2), 16384, "tokens per sequence in 4 GiB with batch 2")
