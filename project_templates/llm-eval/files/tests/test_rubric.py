from __future__ import annotations

import json

import pytest

from {{ cookiecutter.package_name }}.rubric import DataError, load_items, load_rubric


def test_the_bundled_rubric_and_items_load():
    rubric = load_rubric()
    assert [c.name for c in rubric.criteria] == ["correctness", "completeness", "relevance", "conciseness"]
    assert rubric.scale_max == {{ cookiecutter.scale_max }}
    top = {c.name: rubric.scale_max for c in rubric.criteria}
    assert rubric.weighted(top) == pytest.approx(rubric.scale_max)
    items = load_items()
    assert len(items) >= 8 and all(i.question and i.reference for i in items)


def test_bad_files_name_the_problem(tmp_path):
    (tmp_path / "r.json").write_text(json.dumps({"name": "x", "scale_max": 1, "criteria": []}))
    with pytest.raises(DataError, match="scale_max >= 2"):
        load_rubric(tmp_path / "r.json")
    (tmp_path / "items.jsonl").write_text('{"id": "a", "question": "q", "reference": "r"}\nnot json\n')
    with pytest.raises(DataError, match="items.jsonl:2"):
        load_items(tmp_path / "items.jsonl")
    with pytest.raises(DataError, match="cannot read"):
        load_items(tmp_path / "missing.jsonl")
