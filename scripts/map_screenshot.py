"""Regenerate the README's screenshot of the HTML map (docs/map.png).

    python -m pip install '.[test]'          # Playwright for Python
    python scripts/map_screenshot.py docs/map.png

It records a fixed, made-up learner's progress on the zero-to-hero roadmap in a throwaway
GENAI_HOME (on a frozen clock, so the picture only changes when the page does), exports the map,
opens it in the system's Chromium (Debian: apt-get install chromium; never a downloaded browser)
and saves a PNG of the top of the page: header, next items, charts and the first phases of the map.
The tests use `launch` and `pixel_spread` from here too.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def chromium_path() -> str | None:
    """The system Chromium; Playwright's own downloaded browsers are never used."""
    found = os.environ.get("GENAI_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    return found if found and Path(found).exists() else None


def launch(playwright):
    executable = chromium_path()
    if executable is None:
        raise RuntimeError("no Chromium found: apt-get install chromium (or set GENAI_CHROMIUM)")
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)


def pixel_spread(png: bytes) -> float:
    """The standard deviation of the screenshot's grey levels: about 0 for a blank page."""
    import io

    from PIL import Image, ImageStat

    return ImageStat.Stat(Image.open(io.BytesIO(png)).convert("L")).stddev[0]


DEMO = [  # (day, action, item ids, note): three weeks of a learner's evenings
    ("2026-03-02", "done", ["orient-what-is-genai", "orient-core-paradigms"], "The intro video was enough"),
    ("2026-03-04", "done", ["orient-history", "orient-why-career", "orient-career-paths"], None),
    ("2026-03-09", "done", ["p0-linear-algebra", "p0-calculus"], "3Blue1Brown's series made eigenvectors click"),
    ("2026-03-11", "skip", ["p0-mml-book"], None),
    ("2026-03-12", "done", ["p0-probability-statistics", "p0-python", "p0-numpy-pandas"], None),
    ("2026-03-16", "done", ["p0-information-theory", "p0-git-github", "p0-check-matmul"], None),
    ("2026-03-18", "start", ["p0-matplotlib-seaborn"], None),
]


def record_demo_progress() -> None:
    from genai_roadmap import actions, config

    for day, action, ids, note in DEMO:
        os.environ["GENAI_NOW"] = f"{day}T19:00:00+00:00"
        actions.check("zero-to-hero", ids, action, note)
    config.set_value("hours-per-week", "8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("output", type=Path, help="where to write the PNG (docs/map.png)")
    parser.add_argument("--width", type=int, default=1600)
    parser.add_argument("--height", type=int, default=2000)
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="genai-map-") as tmp:
        os.environ["GENAI_HOME"] = tmp
        os.environ["TZ"] = "UTC"
        record_demo_progress()
        os.environ["GENAI_NOW"] = "2026-03-19T19:00:00+00:00"
        from genai_roadmap import export, html_map

        page_file = Path(tmp) / "map.html"
        page_file.write_text(html_map.page(export.collect("zero-to-hero")), encoding="utf-8")
        with sync_playwright() as playwright:
            browser = launch(playwright)
            try:
                page = browser.new_page(viewport={"width": args.width, "height": args.height},
                                        color_scheme="light")
                page.goto(page_file.as_uri())
                page.wait_for_timeout(100)  # the edges are drawn on the first frame
                png = page.screenshot(path=str(args.output), full_page=True,
                                      clip={"x": 0, "y": 0, "width": args.width, "height": args.height})
            finally:
                browser.close()
    print(f"wrote {args.output} ({len(png)} bytes, grey-level spread {pixel_spread(png):.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
