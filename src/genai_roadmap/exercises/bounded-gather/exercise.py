"""LLM backends fan out many API calls at once, but providers rate-limit: run them concurrently,
at most `limit` at a time, and keep the results in order.
"""
import asyncio


async def gather_limited(calls, limit):
    """calls: a list of zero-argument async functions. Returns their results in order."""
    raise NotImplementedError("gather_limited is not written yet")
