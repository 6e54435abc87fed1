"""How long does `genai exercise check` take? Each exercise's tests run against its reference
solution the way `check` runs them (a subprocess of the same Python, isolated mode), and the
runner's in-process cost for all exercises at once (what the project's fast test pays).

Issue #12's bound: each exercise checked in under 2 s.

    python benchmarks/bench_exercises.py
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from genai_roadmap.commands import exercise
from genai_roadmap.exercise_check import run

SOLUTIONS = Path(__file__).resolve().parents[1] / "tests" / "data" / "exercise_solutions"


def main() -> None:
    catalog = exercise.catalog()
    walls = {}
    for ex in catalog:
        start = time.perf_counter()
        result = exercise.run_tests(SOLUTIONS / f"{ex.id}.py", ex.folder / "test_exercise.py")
        walls[ex.id] = time.perf_counter() - start
        assert result["tests"] and all(t["passed"] for t in result["tests"]), ex.id
    slowest = max(walls, key=walls.get)
    print(f"{len(catalog)} exercises, one subprocess check each: median {1000 * statistics.median(walls.values()):.0f} ms, "
          f"slowest {slowest} {1000 * walls[slowest]:.0f} ms (bound: 2000 ms)")
    start = time.process_time()
    for ex in catalog:
        run(ex.folder / "exercise.py", ex.folder / "test_exercise.py")
        run(SOLUTIONS / f"{ex.id}.py", ex.folder / "test_exercise.py")
    print(f"in-process, all {2 * len(catalog)} runs (shipped + solved): {1000 * (time.process_time() - start):.0f} ms CPU")


if __name__ == "__main__":
    main()
