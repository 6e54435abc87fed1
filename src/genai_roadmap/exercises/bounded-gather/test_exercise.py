import asyncio

from exercise import gather_limited
from genai_check import expect


def make_calls(n, log):
    def call(i):
        async def run():
            log["running"] += 1
            log["peak"] = max(log["peak"], log["running"])
            await asyncio.sleep(0)
            await asyncio.sleep(0)
            log["running"] -= 1
            return i * i
        return run
    return [call(i) for i in range(n)]


def test_results_in_order():
    log = {"running": 0, "peak": 0}
    expect(asyncio.run(gather_limited(make_calls(6, log), 10)), [0, 1, 4, 9, 16, 25], "results of six calls")


def test_limit_is_respected_and_used():
    log = {"running": 0, "peak": 0}
    asyncio.run(gather_limited(make_calls(10, log), 3))
    expect(log["peak"], 3, "most calls running at once with limit 3")
