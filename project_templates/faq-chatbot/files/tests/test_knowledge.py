from __future__ import annotations

import json

import pytest

from {{ cookiecutter.package_name }}.knowledge import FaqError, load_faq, relevant_entries


def test_the_bundled_faq_loads():
    faq = load_faq()
    assert len(faq) >= 10
    assert all(entry.question.endswith("?") and entry.answer for entry in faq)


def test_json_and_text_formats_load_the_same_entries(tmp_path):
    entries = [{"question": "Is it free?", "answer": "Yes,\nfor now."}, {"question": "Who?", "answer": "Us."}]
    (tmp_path / "faq.json").write_text(json.dumps({"faqs": entries}))
    (tmp_path / "faq.txt").write_text("Q: Is it free?\nA: Yes,\nfor now.\n\nQ: Who?\nA: Us.\n")
    from_json, from_text = load_faq(tmp_path / "faq.json"), load_faq(tmp_path / "faq.txt")
    assert [e.question for e in from_json] == [e.question for e in from_text] == ["Is it free?", "Who?"]
    assert from_text[0].answer == "Yes, for now."


def test_bad_files_are_reported(tmp_path):
    with pytest.raises(FaqError, match="cannot read"):
        load_faq(tmp_path / "missing.json")
    (tmp_path / "bad.json").write_text('[{"question": "no answer"}]')
    with pytest.raises(FaqError, match="entry 0"):
        load_faq(tmp_path / "bad.json")


def test_relevant_entries_come_first():
    faq = load_faq()
    top = relevant_entries(faq, "I forgot my password, how can I reset it?", 2)
    assert top[0].question == "How do I reset my password?"
    assert len(relevant_entries(faq, "anything", 50)) == len(faq)
