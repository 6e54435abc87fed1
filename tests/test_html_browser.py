"""The HTML map in a real browser: the system's headless Chromium driven by Playwright.

Marked `browser` (skip with -m "not browser"). Without Chromium or Playwright these tests skip
with the reason, except on CI (CI=true), where that is a failure: .ci/run installs Chromium.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from studyutil import STUDY, at
from test_html_map import HOSTILE_ROADMAP, HOSTILE_TITLE

pytestmark = [pytest.mark.browser, pytest.mark.slow]  # the fast suite (-m "not slow") skips them

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "map_screenshot.py"
STUDY_IDS = ["python", "numpy", "matmul", "q-python", "attention", "rag", "q-attention", "q-rag", "q-free"]


def _load_script():
    spec = importlib.util.spec_from_file_location("map_screenshot", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


shot = _load_script()


def _unavailable(reason: str):
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{reason}: CI must run the browser tests (.ci/run installs chromium)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed (pip install '.[test]')")
    if shot.chromium_path() is None:
        _unavailable("no chromium on this machine (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = shot.launch(playwright)
        yield chromium
        chromium.close()


class Loaded:
    """A page opened from a file, with every console error, page error and request it made."""

    def __init__(self, browser, path: Path, javascript: bool = True):
        self.context = browser.new_context(java_script_enabled=javascript, viewport={"width": 1280, "height": 900})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.blocked: list[str] = []

        def route(r):
            self.requests.append(r.request.url)
            if r.request.url.startswith("file://"):
                r.continue_()
            else:
                self.blocked.append(r.request.url)
                r.abort()

        self.context.route("**/*", route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")

    def close(self):
        self.context.close()


@pytest.fixture
def study_page(genai, tmp_path):
    run = lambda day, *args: genai(*args, "-r", str(STUDY), env=at(day))  # noqa: E731
    run("2026-01-01", "check", "python", "--note", "official tutorial")
    run("2026-01-02", "check", "numpy", "--skip")
    run("2026-01-03", "check", "attention", "--start")
    target = tmp_path / "map.html"
    r = genai("export", "-r", str(STUDY), "--format", "html", "-o", str(target), env=at("2026-01-04"))
    assert r.code == 0, r
    return target


@pytest.fixture
def loaded(browser, study_page):
    page = Loaded(browser, study_page)
    yield page
    page.close()


def test_loads_from_a_file_without_errors_or_network_requests(loaded):
    page = loaded.page
    assert page.evaluate("document.documentElement.className") == "js"  # the script ran (CSP let it)
    assert page.locator("form.filters").is_visible()  # so did the style: the form is laid out
    # every depends_on edge: numpy, q-python ← python; matmul ← numpy; q-attention ← attention
    page.wait_for_function("document.querySelectorAll('svg.edges path').length === 4", timeout=5000)
    assert loaded.errors == []
    assert loaded.blocked == [] and len(loaded.requests) == 1  # the page itself, nothing else


def test_every_item_is_on_the_map_and_the_next_ones_stand_out(loaded):
    page = loaded.page
    assert page.locator("li.node").evaluate_all("ns => ns.map(n => n.dataset.id)") == STUDY_IDS
    for item_id in STUDY_IDS:
        assert page.locator(f"#item-{item_id}").is_visible()
    # what `genai next` shows here: matmul (its dependency was skipped), q-python, attention
    assert page.locator("li.node.is-next").evaluate_all("ns => ns.map(n => n.dataset.id)") == [
        "matmul", "q-python", "attention"]
    outline = page.locator("#item-matmul").evaluate("n => getComputedStyle(n).outlineStyle")
    assert outline == "solid"
    assert page.locator("#item-q-attention").evaluate("n => getComputedStyle(n).outlineStyle") == "none"
    assert page.locator("#item-matmul .b-next").inner_text() == "next"


def test_a_click_on_an_item_shows_its_details(loaded):
    page = loaded.page
    panel = page.locator("#detail")
    assert not panel.is_visible()
    page.locator("#item-python summary").click()
    assert panel.is_visible()
    assert page.locator("#detail-title").inner_text() == "Python fluency"
    link = panel.get_by_role("link", name="The Python Tutorial")
    assert link.get_attribute("href") == "https://docs.python.org/3/tutorial/"
    text = panel.inner_text()
    assert "official tutorial" in text and "genai check python" in text and "Done on 2026-01-01" in text
    # its edges light up: python → numpy, python → q-python
    page.wait_for_function("document.querySelectorAll('svg.edges path.on').length === 2", timeout=5000)
    page.keyboard.press("Escape")
    assert not panel.is_visible()
    assert page.evaluate("document.activeElement.closest('li').id") == "item-python"


def test_charts_and_controls_have_text_alternatives(loaded):
    page = loaded.page
    charts = page.locator("svg[role=img]")
    assert charts.count() == 3
    for n in range(3):
        names = charts.nth(n).evaluate("s => s.getAttribute('aria-labelledby').split(' ').map("
                                       "id => document.getElementById(id).textContent)")
        assert len(names) == 2 and all(len(text) > 10 for text in names), names
    assert charts.nth(0).locator("desc").text_content() == (
        "2 of 9 items finished across 3 phases; 1 phase has finished items.")
    for label in ("Search", "Phase", "Status", "Kind"):
        assert page.get_by_label(label, exact=True).count() == 1
    assert page.get_by_role("button", name="Close the details", include_hidden=True).count() == 1


def test_keyboard_moves_between_items_and_opens_them(loaded):
    page = loaded.page
    page.locator("#item-python summary").focus()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.closest('li').id") == "item-numpy"
    page.keyboard.press("Enter")
    assert page.locator("#detail-title").inner_text() == "NumPy arrays"
    assert page.evaluate("document.activeElement.id") == "detail-title"
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.closest('li').id") == "item-numpy"
    page.keyboard.press("Enter")
    page.locator("#item-numpy summary").focus()
    page.keyboard.press("ArrowRight")  # the open panel follows the focus
    assert page.locator("#detail-title").inner_text() == "Implement matrix multiplication"
    assert page.evaluate("document.activeElement.closest('li').id") == "item-matmul"
    page.keyboard.press("Escape")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "f-search"


def test_filters_and_search(loaded):
    page = loaded.page
    shown = lambda: page.locator("li.node:visible").evaluate_all("ns => ns.map(n => n.dataset.id)")  # noqa: E731
    page.select_option("#f-status", "pending")
    assert shown() == ["matmul", "q-python", "rag", "q-attention", "q-rag", "q-free"]
    page.select_option("#f-kind", "question")
    assert shown() == ["q-python", "q-attention", "q-rag", "q-free"]
    page.select_option("#f-phase", "interview")
    assert shown() == ["q-rag", "q-free"]
    assert page.locator("#phase-basics").is_hidden()
    page.click("#f-reset")
    page.fill("#f-search", "attention")
    assert shown() == ["attention", "q-attention"]
    assert page.locator("#f-count").inner_text() == "2 of 9 items shown"


def test_a_script_in_a_title_shows_as_text(browser, genai, tmp_path):
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(HOSTILE_ROADMAP, encoding="utf-8")
    target = tmp_path / "hostile.html"
    assert genai("export", "-r", str(hostile), "--format", "html", "-o", str(target)).code == 0
    loaded = Loaded(browser, target)
    try:
        page = loaded.page
        assert page.locator("h1").inner_text() == HOSTILE_TITLE
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.locator("#item-evil .title").inner_text().startswith("<script>window.__pwned = 3</script>Evil")
        page.locator("#item-evil summary").click()
        assert page.locator("#detail").get_by_role("link").count() == 1  # the https one; javascript: is text
        page.locator("#detail").get_by_text("click me").click()
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert loaded.errors == [] and loaded.blocked == []
    finally:
        loaded.close()


def test_without_javascript_the_map_is_a_readable_checklist(browser, study_page):
    loaded = Loaded(browser, study_page, javascript=False)
    try:
        page = loaded.page
        assert page.locator("form.filters").is_hidden()
        assert page.locator("li.node").count() == len(STUDY_IDS)
        assert page.locator("#item-python .mark").inner_text() == "✓"
        page.locator("#item-python summary").click()  # a native <details>
        assert page.locator("#item-python .body").is_visible()
        assert "official tutorial" in page.locator("#item-python .body").inner_text()
        assert page.locator("#chart-phases svg").is_visible()
    finally:
        loaded.close()


def test_printing_leaves_out_the_controls(loaded):
    page = loaded.page
    page.locator("#item-python summary").click()
    page.emulate_media(media="print")
    assert page.locator("form.filters").is_hidden() and page.locator("#detail").is_hidden()
    assert page.locator("li.node").first.is_visible()


def test_screenshot_is_not_blank(browser, tmp_path):
    png = tmp_path / "map.png"
    run = subprocess.run([sys.executable, str(SCRIPT), str(png), "--width", "1000", "--height", "800"],
                         capture_output=True, text=True, timeout=300)  # the README's command
    assert run.returncode == 0, run.stderr
    spread = shot.pixel_spread(png.read_bytes())
    # The same measure on a blank page: what this test would see if the map failed to render.
    blank = tmp_path / "blank.html"
    blank.write_text("<!doctype html><title>blank</title>", encoding="utf-8")
    page = browser.new_page(viewport={"width": 1000, "height": 800})
    page.goto(blank.as_uri())
    blank_spread = shot.pixel_spread(page.screenshot())
    page.close()
    assert blank_spread < 1 < 20 < spread, (blank_spread, spread)
