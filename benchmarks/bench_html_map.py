"""How big and how fast is the HTML map? Page size per bundled roadmap, and the median time to build
the page against the Markdown export of the same data (a yardstick measured in the same run).

Issue #14's bound: under 2 MB for the largest bundled roadmap (zero-to-hero), measured here with
no progress and with every item done and carrying a 500-character note.

    python benchmarks/bench_html_map.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time


def median_ms(build, runs: int) -> float:
    build()  # warm-up: the roadmap cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        build()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="genai-bench-") as home:
        os.environ["GENAI_HOME"] = home
        from genai_roadmap import html_map, paths
        from genai_roadmap.commands import checklist, export
        from genai_roadmap.render.export import to_markdown
        from genai_roadmap.selection import select

        print(f"{'roadmap':<20} {'items':>6} {'html KB':>9} {'md KB':>7}")
        for path in sorted(paths.bundled_roadmaps_dir().glob("*.yaml")):
            data = export.collect(path.stem)
            page = html_map.page(data).encode()
            md = to_markdown(data).encode()
            print(f"{path.stem:<20} {len(data.items):>6} {len(page) / 1024:>9.0f} {len(md) / 1024:>7.0f}")

        rm, _ = select("zero-to-hero")
        checklist.check("zero-to-hero", [item.id for item in rm.items], "done", "x" * 500)
        data = export.collect("zero-to-hero")
        full = len(html_map.page(data).encode())
        print(f"zero-to-hero, every item done with a 500-character note: {full / 1024:.0f} KB "
              f"({'under' if full < 2_000_000 else 'OVER'} the 2 MB bound)")
        html_ms = median_ms(lambda: html_map.page(export.collect("zero-to-hero")), args.runs)
        md_ms = median_ms(lambda: to_markdown(export.collect("zero-to-hero")), args.runs)
        print(f"build the page (collect + render), median of {args.runs}: html {html_ms:.1f} ms, "
              f"md {md_ms:.1f} ms, ratio {html_ms / md_ms:.1f}×")


if __name__ == "__main__":
    main()
