"""LLM backends fan out many API calls at once, but providers rate-limit: run them concurrently,
at most `limit` at a time, and keep the results in order.
"""
import asyncio


async def gather_limited(calls, limit):
    """calls: a list of zero-argument async functions. Returns their results in order."""
    semaphore = asyncio.Semaphore(limit)

    async def one(call):
        async with semaphore:
            return await call()

    return await asyncio.gather(*(one(call) for call in calls))
