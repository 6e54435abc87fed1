"""Hostile roadmap files are refused quickly, with FILE:LINE, and never hang or eat memory."""

from __future__ import annotations

import os

import pytest

from test_validation import HEAD, write

BOMB = """\
a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


@pytest.mark.parametrize("where", ["top", "notes", "subtopics"])
def test_an_alias_bomb_is_refused_at_its_line_whatever_field_it_sits_in(genai, tmp_path, where):
    if where == "top":
        text = BOMB + "id: x\ntitle: X\nphases: []\n"
        line = 2
    else:
        # The same nine levels, nested inside an item field.
        levels = [line_.split(": ", 1)[1] for line_ in BOMB.splitlines()]
        body = f"- id: a\n  title: A\n  kind: topic\n  {where}:\n" + "".join(f"    - {v}\n" for v in levels)
        path = write(tmp_path, body)
        text = path.read_text()
        line = 12
    path = tmp_path / "bomb.yaml"
    path.write_text(text)
    assert len(text) < 1000
    for command in (["roadmap", "validate", str(path)], ["next", "-r", str(path)]):
        r = genai(*command)
        assert r.code == 1, r
        assert f"{path}:{line}:" in r.err and "YAML aliases expand" in r.err, r


def test_a_few_harmless_aliases_still_load(genai, tmp_path):
    path = write(tmp_path, "- id: a\n  title: A\n  kind: topic\n  subtopics: &s [x, y]\n"
                           "- id: b\n  title: B\n  kind: topic\n  subtopics: *s\n")
    r = genai("next", "-r", str(path), "--json")
    assert r.code == 0, r
    assert [i["id"] for i in r.json()["items"]] == ["a", "b"]


def test_a_recursive_alias_is_refused(genai, tmp_path):
    path = tmp_path / "loop.yaml"
    path.write_text("id: x\ntitle: X\nphases: &p [*p]\n")
    r = genai("roadmap", "validate", str(path))
    assert r.code == 1 and f"{path}:" in r.err and ("recursive" in r.err or "invalid YAML" in r.err), r


def test_deep_nesting_is_refused(genai, tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("id: x\ntitle: X\nphases: " + "[" * 5000 + "]" * 5000 + "\n")
    r = genai("roadmap", "validate", str(path))
    assert r.code == 1 and ("nests deeper" in r.err or "nesting depth" in r.err) and f"{path}:" in r.err, r


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
@pytest.mark.parametrize("command", [["next", "-r", "/dev/zero"], ["roadmap", "validate", "/dev/urandom"],
                                     ["roadmap", "add", "/dev/zero"]])
def test_devices_are_refused_not_read(genai, command):
    r = genai(*command)
    assert r.code == 1 and "not a regular file" in r.err and "/dev/" in r.err, r


def test_a_fifo_is_refused_without_blocking(genai, tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    r = genai("roadmap", "validate", str(fifo))
    assert r.code == 1 and "not a regular file" in r.err, r


def test_a_file_over_the_size_limit_is_refused(genai, tmp_path):
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:
        handle.truncate(17 * 1024 * 1024)
    r = genai("roadmap", "validate", str(path))
    assert r.code == 1 and "17.0 MiB; the limit is 16.0 MiB" in r.err, r


def test_non_utf8_bytes_are_reported_by_line_and_column(genai, tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(HEAD.encode() + "      - id: a\n        title: Caf\xe9\n        kind: topic\n".encode("latin-1"))
    r = genai("roadmap", "validate", str(path))
    assert r.code == 1 and f"{path}:8:19: (encoding): byte 0xe9 is not valid UTF-8" in r.err, r


def test_unknown_resource_kinds_warn_but_load(genai, tmp_path):
    path = write(tmp_path, "- id: a\n  title: A\n  kind: topic\n  resources:\n"
                           "    - {title: Feed, url: 'https://example.org/rss', kind: feed}\n"
                           "    - {title: Pod, kind: lecture-notes, free: true}\n")
    r = genai("roadmap", "validate", str(path))
    assert r.code == 0, r
    assert f"{path}:12:" in r.out and "warning: unknown resource kind 'lecture-notes'" in r.out
    assert "1 warning(s)" in r.out and "'feed'" not in r.out
    data = genai("roadmap", "validate", str(path), "--json").json()
    assert data["valid"] is True and [p["severity"] for p in data["problems"]] == ["warning"]
    shown = genai("show", "a", "-r", str(path))
    assert shown.code == 0 and "lecture-notes" in shown.out, shown


def test_structural_errors_still_stop_loading_beside_warnings(genai, tmp_path):
    path = write(tmp_path, "- id: a\n  title: A\n  kind: lesson\n  resources:\n    - {title: P, kind: podcastish}\n")
    r = genai("roadmap", "validate", str(path))
    assert r.code == 1 and "1 problem(s)" in r.err and "'lesson' is not one of" in r.err, r
