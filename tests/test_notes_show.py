"""`genai note` appends dated notes in the state file; `genai show` prints one item with everything known."""

from __future__ import annotations

import json

from studyutil import STUDY, at, records


def test_note_appends_dated_notes_beside_the_check_note(genai, genai_home):
    assert genai("check", "python", "--note", "official tutorial", "-r", str(STUDY), env=at("2026-01-01")).code == 0
    r = genai("note", "pyth", "generators finally clicked", "-r", str(STUDY), env=at("2026-01-02"))
    assert r.code == 0, r
    assert "python" in r.out and "note 1 added 2026-01-02" in r.out
    genai("note", "python", "  second thought  ", "-r", str(STUDY), env=at("2026-01-03"))
    record = records(genai_home)["python"]
    assert record["note"] == "official tutorial"  # `check --note` keeps its own field
    assert record["notes"] == [{"at": "2026-01-02T09:00:00+00:00", "text": "generators finally clicked"},
                               {"at": "2026-01-03T09:00:00+00:00", "text": "second thought"}]
    assert record["status"] == "done" and record["updated"] == "2026-01-01T09:00:00+00:00"  # notes leave status alone


def test_note_text_from_stdin_and_errors(genai, genai_home):
    assert genai("note", "numpy", "-r", str(STUDY), input="broadcasting rules\n").code == 0
    assert records(genai_home)["numpy"]["notes"][0]["text"] == "broadcasting rules"
    r = genai("note", "numpy", "-r", str(STUDY))  # no text, no terminal, empty stdin
    assert r.code == 2 and "empty" in r.err
    r = genai("note", "nmupy", "x", "-r", str(STUDY))
    assert r.code == 1 and "no item 'nmupy'" in r.err and "did you mean: numpy" in r.err
    assert len(records(genai_home)["numpy"]["notes"]) == 1


def test_note_on_an_item_recorded_under_an_old_id_adopts_that_record(genai, genai_home, mini):
    # progress recorded before the roadmap renamed numpy-basics to numpy (kept as an alias)
    genai_home.mkdir(parents=True)
    old = {"status": "done", "updated": "2025-12-01T09:00:00+00:00"}
    (genai_home / "state.json").write_text(json.dumps(
        {"schema_version": 1, "roadmaps": {"mini": {"items": {"numpy-basics": old}}}}))
    assert genai("note", "numpy", "x", "-r", str(mini), env=at("2026-01-01")).code == 0
    items = records(genai_home, "mini")
    assert list(items) == ["numpy"]
    assert items["numpy"] == {**old, "notes": [{"at": "2026-01-01T09:00:00+00:00", "text": "x"}]}


def test_show_a_topic_with_resources_notes_and_the_questions_that_test_it(genai):
    genai("check", "rag", "--note", "read the RAG paper", "-r", str(STUDY), env=at("2026-01-01"))
    genai("note", "rag", "hybrid search helps", "-r", str(STUDY), env=at("2026-01-02"))
    genai("quiz", "-r", str(STUDY), "--phase", "interview", "-n", "1", "--answers", "didnt", env=at("2026-01-02"))
    r = genai("show", "rag", "-r", str(STUDY))
    assert r.code == 0, r
    out = r.out
    assert "✔ rag" in out and "Retrieval-augmented generation" in out and "done 2026-01-01" in out
    assert "Phase 2 — Models · topic · ~4 h" in out
    assert "2026-01-01 (check)  read the RAG paper" in out and "2026-01-02  hybrid search helps" in out
    assert "Questions that check it" in out and "q-rag" in out and "next review 2026-01-03" in out
    r = genai("show", "python", "-r", str(STUDY))
    assert "The Python Tutorial — https://docs.python.org/3/tutorial/" in r.out
    assert 'none yet — add one with: genai note python' in r.out


def test_show_a_question_with_its_answer_and_quiz_record(genai):
    genai("quiz", "-r", str(STUDY), "-n", "1", "--answers", "knew", env=at("2026-01-01"))
    out = genai("show", "q-python", "-r", str(STUDY)).out
    assert "Answer" in out and "yields its values lazily" in out
    assert "Quiz  next review 2026-01-03 · every 2 days · stability 2.3 d, difficulty 2.1/10" in out
    assert "1 answer (last: knew it)" in out
    assert "checks ○ python" in out


def test_show_json(genai):
    genai("check", "attention", "-r", str(STUDY), env=at("2026-01-01"))
    genai("note", "attention", "QKV", "-r", str(STUDY), env=at("2026-01-01"))
    for day in ("2026-01-01", "2026-01-02"):
        genai("quiz", "-r", str(STUDY), "--phase", "models", "-n", "1", "--answers", "didnt", env=at(day))
    data = genai("show", "attention", "-r", str(STUDY), "--json").json()
    assert data["schema"] == "genai.show/1"
    assert set(data) >= {"roadmap", "item", "phase", "depends_on", "checks", "questions"}
    item = data["item"]
    assert item["id"] == "attention" and item["status"] == "done" and item["done_at"] == "2026-01-01T09:00:00+00:00"
    assert item["user_notes"] == [{"at": "2026-01-01T09:00:00+00:00", "text": "QKV"}]
    assert item["review"] is True  # done, but q-attention failed twice in a row
    assert [(q["id"], q["quiz"]["failing"]) for q in data["questions"]] == [("q-attention", True)]
    assert "↻ review" in genai("show", "attention", "-r", str(STUDY)).out


def test_show_unknown_item_lists_close_matches(genai):
    r = genai("show", "atention", "-r", str(STUDY))
    assert r.code == 1 and "no item 'atention'" in r.err and "attention" in r.err
