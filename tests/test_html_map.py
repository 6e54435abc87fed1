"""`genai export --format html` and `genai view` without a browser: content, escaping, --no-notes,
size, and where the page goes when no browser can be opened. tests/test_html_browser.py loads
the same pages in Chromium."""

from __future__ import annotations

import json
import re
import webbrowser
from pathlib import Path

import pytest

from studyutil import record_progress, STUDY, at

HOSTILE_TITLE = '</script><script>window.__pwned = 1</script> & "Roadmap" <b>bold</b>'
HOSTILE_ROADMAP = f"""\
format: 1
id: hostile
title: {json.dumps(HOSTILE_TITLE)}
phases:
  - id: one
    title: "<img src=x onerror=window.__pwned=2> Phase"
    items:
      - id: evil
        title: "<script>window.__pwned = 3</script>Evil \\u2028 item"
        kind: topic
        notes: |
          Read this first.
          Then this.
          ```text
          </pre><script>window.__pwned = 6</script>
          ```
        resources:
          - title: "click me"
            url: "javascript:window.__pwned = 4"
          - title: "a real link"
            url: "https://example.org/?a=1&b=<2>"
      - id: after
        title: After
        kind: project
        template: rag-chatbot
        depends_on: [evil]
"""


@pytest.fixture
def studied(genai):
    """Progress on the study roadmap: done with notes, skipped, in progress, a quiz answer."""
    return record_progress(genai, 'generators </script><script>window.__pwned=5</script> clicked')


def html_export(genai, *args, roadmap=STUDY):
    r = genai("export", "-r", str(roadmap), "--format", "html", *args, env=at("2026-01-04"))
    assert r.code == 0, r
    return r.out


def embedded_json(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="genai-data">(.*?)</script>', page, re.S)
    assert match, "the page's data block is missing"
    return json.loads(match.group(1))


def test_every_item_is_a_node_with_its_status_kind_and_the_next_items_marked(genai, studied):
    page = html_export(genai)
    nodes = dict(re.findall(r'<li class="node [^"]*" id="item-([a-z0-9-]+)" data-id="[^"]*" data-status="(\w+)"', page))
    assert nodes == {"python": "done", "numpy": "skipped", "matmul": "pending", "q-python": "done",
                     "attention": "in_progress", "rag": "pending", "q-attention": "pending", "q-rag": "pending",
                     "q-free": "pending"}
    # what `genai next` shows: matmul (its dependency was skipped), attention, rag; q-attention waits
    assert re.findall(r'class="node [^"]*is-next[^"]*" id="item-([a-z0-9-]+)"', page) == ["matmul", "attention", "rag"]
    assert embedded_json(page)["next"] == ["matmul", "attention", "rag"]
    phases = re.findall(r'<section class="phase" id="phase-([a-z0-9-]+)"', page)
    assert phases == ["basics", "models", "interview"]
    assert embedded_json(page)["items"][2]["deps"] == ["numpy"]


def test_details_carry_resources_notes_quiz_and_commands(genai, studied):
    page = html_export(genai)
    python = page[page.index('id="item-python"'):page.index('id="item-numpy"')]
    assert '<a href="https://docs.python.org/3/tutorial/" target="_blank" rel="noopener noreferrer">' in python
    assert "Done on 2026-01-01" in python and "official tutorial" in python
    # FSRS: a first "knew it" comes back 2 days later
    assert "What is a generator?</a>: answered 1 time (last: knew it); next review 2026-01-05" in python
    assert "<code>genai check python</code>" in python
    assert "Progress per phase" in page and "Items done per week" in page and "Hours against the ETA" in page
    assert "3 of 9 items finished" in page  # the phase chart's text alternative


def test_verified_records_show_their_evidence(genai, studied, genai_home):
    state_file = genai_home / "state.json"
    current = json.loads(state_file.read_text())
    items = current["roadmaps"]["study"]["items"]
    items["python"]["verified"] = {"at": "2026-01-03T10:00:00+00:00", "commit": "0123456789abcdef",
                                   "tests": {"passed": 12, "failed": 0}}
    items["numpy"]["verified"] = {"verified": False, "at": "2026-01-03T10:00:00+00:00"}  # a failed verification
    state_file.write_text(json.dumps(current))
    page = html_export(genai)
    assert re.findall(r'class="node [^"]*is-verified[^"]*" id="item-([a-z0-9-]+)"', page) == ["python"]
    assert ('Verified: on 2026-01-03, at commit 0123456789ab, 12 tests passed, 0 failed' in page)
    assert [i["id"] for i in embedded_json(page)["items"] if i["verified"]] == ["python"]


def test_no_notes_leaves_every_note_out(genai, studied):
    assert "official tutorial" in html_export(genai)
    page = html_export(genai, "--no-notes")
    assert "official tutorial" not in page and "generators" not in page and "Your notes" not in page
    assert "notes left out" in page


def test_user_strings_are_escaped_everywhere(genai, studied, tmp_path):
    page = html_export(genai)
    assert "<script>window.__pwned=5" not in page  # the note never appears raw…
    assert "generators &lt;/script&gt;&lt;script&gt;window.__pwned=5&lt;/script&gt; clicked" in page  # …only escaped
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(HOSTILE_ROADMAP, encoding="utf-8")
    page = html_export(genai, roadmap=hostile)
    assert page.count("<script") == 2 and page.count("</script>") == 2  # the data block and the page's script
    assert "<img" not in page and "<b>" not in page
    assert f"<h1>{HOSTILE_TITLE.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')}".replace(
        '"', "&quot;") in page
    data_block = re.search(r'id="genai-data">(.*?)</script>', page, re.S).group(1)
    assert not set("<>&\u2028\u2029") & set(data_block)
    assert embedded_json(page)["roadmap"]["title"] == HOSTILE_TITLE
    assert "\u2028" in embedded_json(page)["items"][0]["title"]
    assert 'href="javascript:' not in page and "click me <code>javascript:window.__pwned = 4</code>" in page
    assert 'href="https://example.org/?a=1&amp;b=&lt;2&gt;"' in page
    assert ('<p class="about-item">Read this first.\nThen this.</p><pre class="about-item">&lt;/pre&gt;&lt;script&gt;'
            "window.__pwned = 6&lt;/script&gt;</pre>") in page  # line breaks kept, fenced block preformatted
    after = page[page.index('id="item-after"'):]
    assert "<code>genai new rag-chatbot</code>" in after


def test_the_page_needs_nothing_from_the_network(genai, studied):
    page = html_export(genai)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert csp.startswith("default-src 'none';") and "unsafe" not in csp
    assert not re.search(r'(src|href)="(https?:)?//', page.replace('href="https://docs.python.org', ""))
    assert "@import" not in page and "url(" not in page


def test_the_largest_bundled_roadmap_stays_under_2_mb_even_fully_annotated(genai_home, monkeypatch):
    from genai_roadmap import html_map, roadmap
    from genai_roadmap.commands import checklist, export
    from genai_roadmap.selection import select

    sizes = {}
    for path in sorted(Path(roadmap.paths.bundled_roadmaps_dir()).glob("*.yaml")):
        sizes[path.stem] = len(html_map.page(export.collect(path.stem)).encode())
    assert set(sizes) == {"zero-to-hero", "llm-systems", "llm-engineer", "llm-learning-path", "genai-engineering"}
    assert max(sizes.values()) == sizes["zero-to-hero"] < 2_000_000, sizes
    rm, _ = select("zero-to-hero")
    monkeypatch.setenv("GENAI_NOW", "2026-01-05T10:00:00+00:00")
    checklist.check("zero-to-hero", [item.id for item in rm.items], "done", "x" * 500)  # a long note on every item
    full = len(html_map.page(export.collect("zero-to-hero")).encode())
    assert sizes["zero-to-hero"] < full < 2_000_000


def test_view_writes_to_the_cache_and_prints_the_path_off_a_terminal(genai, studied, genai_home, monkeypatch):
    monkeypatch.delenv("CI", raising=False)  # CI itself sets it; here the reason must be the terminal
    r = genai("view", "-r", str(STUDY), env=at("2026-01-04"))
    assert r.code == 0, r
    target = genai_home / "cache" / "maps" / "study.html"
    assert f"Wrote the map of 'study' to {target}" in r.out and "not opened: not on a terminal" in r.out
    assert 'id="item-python"' in target.read_text(encoding="utf-8")
    data = genai("view", "-r", str(STUDY), "--json", "--no-notes", env={**at("2026-01-04"), "CI": "true"}).json()
    assert data == {"schema": "genai.view/1", "roadmap": "study", "path": str(target), "opened": False,
                    "reason": "CI is set"}
    assert "official tutorial" not in target.read_text(encoding="utf-8")


class _Opened(webbrowser.BackgroundBrowser):
    """A graphical browser stand-in: records what it was asked to open."""

    urls: list[str] = []

    def open(self, url, new=0, autoraise=True):
        self.urls.append(url)
        return True


@pytest.fixture
def terminal(monkeypatch):
    monkeypatch.delenv("CI", raising=False)


def test_view_opens_a_graphical_browser_without_waiting(terminal, monkeypatch, tmp_path):
    from genai_roadmap.commands import export as html_map

    page = tmp_path / "map.html"
    monkeypatch.setattr(webbrowser, "get", lambda *a: _Opened(["a-browser"]))
    assert html_map.open_in_browser(page, interactive=True) == (True, None)
    assert _Opened.urls[-1] == page.as_uri()
    assert html_map.open_in_browser(page, interactive=False) == (False, "not on a terminal")
    monkeypatch.setenv("CI", "1")
    assert html_map.open_in_browser(page, interactive=True) == (False, "CI is set")


def test_view_never_hands_the_terminal_to_a_text_browser(terminal, monkeypatch, tmp_path):
    from genai_roadmap.commands import export as html_map

    def refuse(*args, **kwargs):
        raise AssertionError("a text-mode browser was started")

    lynx = webbrowser.GenericBrowser(["lynx"])
    monkeypatch.setattr(lynx, "open", refuse)
    monkeypatch.setattr(webbrowser, "get", lambda *a: lynx)
    assert html_map.open_in_browser(tmp_path / "m.html", interactive=True) == (False, "only a text-mode browser was found")

    def none(*args):
        raise webbrowser.Error("could not locate runnable browser")

    monkeypatch.setattr(webbrowser, "get", none)
    assert html_map.open_in_browser(tmp_path / "m.html", interactive=True) == (False, "no web browser was found")


def test_unknown_format_names_html(genai):
    r = genai("export", "--format", "pdf")
    assert r.code == 2 and "md, json, csv, html" in r.err
