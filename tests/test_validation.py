"""Every validation error names the file, line, column and field."""

from __future__ import annotations

import textwrap

import pytest

HEAD = """\
id: broken
title: Broken
phases:
  - id: one
    title: One
    items:
"""


def write(tmp_path, body: str):
    path = tmp_path / "broken.yaml"
    path.write_text(HEAD + textwrap.indent(textwrap.dedent(body), "      "))
    return path


CASES = [
    # (items yaml, expected line, expected field, expected message part)
    ("- id: a\n  title: A\n  kind: lesson\n", 9, "phases[0].items[0].kind", "'lesson' is not one of"),
    ("- id: a\n  kind: topic\n", 7, "phases[0].items[0]", "missing required field 'title'"),
    ("- id: a\n  title: A\n  kind: topic\n  est_hours: lots\n", 10, "phases[0].items[0].est_hours", "expected a number"),
    ("- id: a\n  title: A\n  kind: topic\n- id: a\n  title: B\n  kind: topic\n", 10, "phases[0].items[1].id",
     "duplicate item id 'a' (first used on line 7)"),
    ("- id: a\n  title: A\n  kind: topic\n  depends_on: [bb]\n- id: b\n  title: B\n  kind: topic\n", 10,
     "phases[0].items[0].depends_on[0]", "unknown item id 'bb'"),
    ("- id: a\n  title: A\n  kind: topic\n  depends_on: [b]\n- id: b\n  title: B\n  kind: topic\n  depends_on: [a]\n",
     10, "phases[0].items[0].depends_on", "dependency cycle: a -> b -> a"),
    ("- id: a\n  title: A\n  kind: project\n  template: rag-chatbott\n", 10, "phases[0].items[0].template",
     "unknown template id 'rag-chatbott' (did you mean 'rag-chatbot'"),
    ("- id: a\n  title: A\n  kind: topic\n  colour: red\n", 10, "phases[0].items[0].colour", "unknown field 'colour'"),
    ("- id: Bad_Id\n  title: A\n  kind: topic\n", 7, "phases[0].items[0].id", "not a valid id"),
    ("- id: a\n  title: A\n  kind: question\n", 7, "phases[0].items[0]", "a question needs an 'answer'"),
    ("- id: a\n  title: A\n  kind: topic\n  est_hours: .nan\n", 10, "phases[0].items[0].est_hours",
     "expected a finite number, got nan"),
    ("- id: a\n  title: A\n  kind: topic\n  est_hours: .inf\n", 10, "phases[0].items[0].est_hours",
     "expected a finite number, got inf"),
    ("- id: ''\n  title: A\n  kind: topic\n", 7, "phases[0].items[0].id",
     "expected a non-empty string, got an empty string"),
    ("- id: a\n  title: A\n  kind: topic\n  optional: maybe\n", 10, "phases[0].items[0].optional",
     "expected true or false"),
    ("- id: a\n  title: A\n  kind: topic\n  aliases: [b]\n- id: b\n  title: B\n  kind: topic\n", 10,
     "phases[0].items[0].aliases[0]", "alias 'b' is also the id of an item"),
    ("- id: a\n  title: A\n  title: A again\n  kind: topic\n", 9, "phases[0].items[0].title", "duplicate key 'title'"),
]


@pytest.mark.parametrize("body,line,field,message", CASES, ids=[c[3][:30] for c in CASES])
def test_validate_reports_file_line_field(genai, tmp_path, body, line, field, message):
    path = write(tmp_path, body)
    r = genai("roadmap", "validate", str(path))
    assert r.code == 1, r
    expected_prefix = f"{path}:{line}:"
    matching = [l for l in r.err.splitlines() if l.startswith(expected_prefix) and f" {field}: " in l]
    assert matching and message in matching[0], r.err
    problems = genai("roadmap", "validate", str(path), "--json").json()["problems"]
    assert any(p["line"] == line and p["field"] == field and message in p["message"] for p in problems)


def test_yaml_syntax_error_has_line_and_column(genai, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("id: x\ntitle: X\nphases:\n  - id: [unclosed\n")
    r = genai("roadmap", "validate", str(path))
    assert r.code == 1 and f"{path}:5:1: (yaml): invalid YAML" in r.err, r


def test_wrong_top_level_types(genai, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("id: x\ntitle: 3\nphases: {}\n")
    err = genai("roadmap", "validate", str(path)).err
    assert f"{path}:2:8: title: expected a non-empty string" in err
    assert f"{path}:3:9: phases: expected a list" in err


def test_loading_an_invalid_roadmap_fails_every_command_with_the_problems(genai, tmp_path):
    path = write(tmp_path, "- id: a\n  title: A\n  kind: lesson\n")
    for command in (["next"], ["status"], ["check", "a"]):
        r = genai(*command, "-r", str(path))
        assert r.code == 1 and f"{path}:9:" in r.err and "Traceback" not in r.err
    r = genai("roadmap", "add", str(path))
    assert r.code == 1 and "lesson" in r.err


def test_a_valid_file_validates(genai, mini):
    r = genai("roadmap", "validate", str(mini))
    assert r.code == 0 and "valid roadmap ('mini', 5 items)" in r.out
    data = genai("roadmap", "validate", str(mini), "--json").json()
    assert data == {"schema": "genai.roadmap.validate/1", "file": str(mini), "valid": True, "roadmap_id": "mini",
                    "items": 5, "problems": []}


def test_missing_file(genai, tmp_path):
    r = genai("roadmap", "validate", str(tmp_path / "nope.yaml"))
    assert r.code == 1 and "nope.yaml" in r.err
