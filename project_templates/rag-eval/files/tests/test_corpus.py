from __future__ import annotations

import pytest

from {{ cookiecutter.package_name }}.corpus import (
    CorpusError,
    load_corpus,
    load_eval_set,
    sentences,
    split_document,
)


def test_the_bundled_corpus_is_cut_at_its_headings():
    passages = load_corpus()
    assert len(passages) >= 20 and len({p.id for p in passages}) == len(passages)
    e104 = next(p for p in passages if "E-104" in p.title)
    assert e104.id == "troubleshooting.md#1"
    assert e104.title == "Troubleshooting › Error E-104: cell temperature too high"
    assert e104.text.startswith("E-104 means the cell temperature is too high.")
    assert e104.label == f"[{e104.id}: {e104.title}]"


def test_long_sections_are_cut_between_paragraphs():
    paragraph = "word " * 120
    text = f"# Guide\n\nIntro line.\n\n## Long\n\n{paragraph}\n\n{paragraph}\n\n{paragraph}\n"
    passages = split_document("guide.md", text)
    assert [p.title for p in passages] == ["Guide", "Guide › Long", "Guide › Long", "Guide › Long"]
    assert all(len(p.text) <= 900 for p in passages)


def test_the_eval_set_points_at_real_documents():
    items = load_eval_set()
    docs = {p.doc for p in load_corpus()}
    assert len(items) >= 10 and all(item.source in docs for item in items)


def test_bad_inputs_are_reported(tmp_path):
    (tmp_path / "set.jsonl").write_text('{"question": "q", "ground_truth": "a"}\n{"question": "only"}\n')
    with pytest.raises(CorpusError, match="set.jsonl:2"):
        load_eval_set(tmp_path / "set.jsonl")
    with pytest.raises(CorpusError, match="cannot read"):
        load_eval_set(tmp_path / "missing.jsonl")
    with pytest.raises(CorpusError, match="no .md or .txt"):
        load_corpus(tmp_path)


def test_sentences_keep_decimals_and_split_semicolons():
    parts = sentences("It stores 9.5 kWh; it weighs 110 kg. Done")
    assert parts == ["It stores 9.5 kWh.", "it weighs 110 kg.", "Done."]
