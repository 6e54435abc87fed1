"""`genai quiz` without a terminal: SM-2 on a fixed clock, due-first ordering, piped answers, bad
answers (exit 2, nothing recorded), and done topics surfacing as "review" in `genai next`."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

import pytest

from conftest import MINI
from genai_roadmap import srs
from studyutil import STUDY, at, records


def quiz(genai, day, *args, input=None):
    return genai("quiz", "-r", str(STUDY), *args, input=input, env=at(day))


# --- the scheduler ------------------------------------------------------------------------------
@pytest.mark.parametrize("grades, intervals, eases", [
    (["knew"] * 5, [1, 6, 17, 48, 140], [2.6, 2.7, 2.8, 2.9, 3.0]),
    (["partly"] * 3, [1, 6, 14], [2.36, 2.22, 2.08]),
    (["knew", "knew", "didnt", "knew"], [1, 6, 1, 1], [2.6, 2.7, 2.16, 2.26]),
    (["didnt"] * 4, [1, 1, 1, 1], [1.96, 1.42, 1.3, 1.3]),  # ease never drops below 1.3
])
def test_sm2_intervals_and_ease(grades, intervals, eases):
    record, today = None, date(2026, 1, 1)
    got_intervals, got_eases = [], []
    for grade in grades:
        record = srs.schedule(record, grade, datetime(2026, 1, 1, tzinfo=timezone.utc), today)
        got_intervals.append(record["interval_days"])
        got_eases.append(record["ease"])
    assert got_intervals == intervals
    assert got_eases == eases
    assert len(record["history"]) == len(grades)


def test_sm2_through_the_cli_on_a_fixed_clock(genai, genai_home):
    # Answer q-rag each day it falls due: intervals 1, 6, 17 days, then a lapse resets to 1.
    days = ["2026-01-01", "2026-01-02", "2026-01-08", "2026-01-25"]
    expected = [("2026-01-02", 1, 1, 2.6), ("2026-01-08", 6, 2, 2.7), ("2026-01-25", 17, 3, 2.8),
                ("2026-01-26", 1, 0, 2.26)]
    for day, grade, (due, interval, reps, ease) in zip(days, ["knew", "knew", "knew", "didnt"], expected, strict=True):
        r = genai("quiz", "-r", str(MINI), "--answers", grade, env=at(day))
        assert r.code == 0, r
        q = records(genai_home, "mini")["q-rag"]["quiz"]
        assert (q["due"], q["interval_days"], q["repetitions"], q["ease"]) == (due, interval, reps, ease)
        assert q["last"] == f"{day}T09:00:00+00:00"
    # Not due the day before: nothing is asked, and the next review date is given.
    r = genai("quiz", "-r", str(MINI), "--answers", "knew", env=at("2026-01-25", "23:00:00"))
    assert r.code == 0 and "Nothing to ask" in r.out and "2026-01-26" in r.out
    assert [h["grade"] for h in records(genai_home, "mini")["q-rag"]["quiz"]["history"]] == ["knew"] * 3 + ["didnt"]


# --- what is asked, in which order --------------------------------------------------------------
def listed(genai, day, *args):
    data = quiz(genai, day, "--list", "--json", *args).json()
    return [(q["id"], q["reason"]) for q in data["questions"]], data


def test_due_questions_come_first_most_overdue_first(genai, genai_home):
    assert quiz(genai, "2026-01-01", "-n", "1", "--answers", "knew").code == 0  # q-python, due 01-02
    order, _ = listed(genai, "2026-01-03", "-n", "9")
    assert order == [("q-python", "due"), ("q-attention", "new"), ("q-rag", "new"), ("q-free", "new")]
    # q-python knew (-> due 01-09), q-attention didn't (-> due 01-04)
    assert quiz(genai, "2026-01-03", "-n", "2", "--answers", "k,d").code == 0
    order, data = listed(genai, "2026-01-10", "-n", "9")
    assert order == [("q-attention", "due"), ("q-python", "due"), ("q-rag", "new"), ("q-free", "new")]
    assert (data["due_total"], data["new_total"], data["questions_total"]) == (2, 2, 4)
    assert data["schema"] == "genai.quiz/1"
    assert {"roadmap", "phase", "today", "next_due", "questions", "answered", "unanswered", "stopped"} <= set(data)
    # -n limits the session; listing changes nothing
    order, _ = listed(genai, "2026-01-10", "-n", "1")
    assert order == [("q-attention", "due")]
    assert records(genai_home)["q-attention"]["quiz"]["due"] == "2026-01-04"


def test_new_questions_on_studied_topics_come_before_the_rest(genai):
    genai("check", "rag", "-r", str(STUDY))
    order, _ = listed(genai, "2026-01-01", "-n", "9")
    assert [i for i, _ in order] == ["q-rag", "q-python", "q-attention", "q-free"]


def test_phase_limits_to_questions_in_or_checking_that_phase(genai):
    order, _ = listed(genai, "2026-01-01", "--phase", "models")
    assert [i for i, _ in order] == ["q-attention", "q-rag"]  # q-rag lives in 'interview' but checks 'rag'
    r = quiz(genai, "2026-01-01", "--phase", "modles")
    assert r.code == 1 and "no phase 'modles'" in r.err and "models" in r.err


def test_quiz_size_setting_is_the_default_count(genai):
    assert len(listed(genai, "2026-01-01")[0]) == 4  # default 5, only 4 questions
    genai("config", "set", "quiz-size", "2")
    assert len(listed(genai, "2026-01-01")[0]) == 2


def test_a_roadmap_without_questions_says_so(genai, tmp_path):
    plain = tmp_path / "plain.yaml"
    plain.write_text("id: plain\ntitle: Plain\nphases:\n  - id: a\n    title: A\n    items:\n"
                     "      - {id: x, title: X, kind: topic}\n")
    r = genai("quiz", "-r", str(plain), "--answers", "knew")
    assert r.code == 1 and "no questions" in r.err


# --- answering without a terminal ---------------------------------------------------------------
def test_piped_answers_one_per_line(genai, genai_home):
    r = quiz(genai, "2026-01-01", "-n", "3", input="knew\n\npartly\ndidn't\n")
    assert r.code == 0, r
    assert "Q1" in r.out and "What is a generator?" in r.out and "yields its values lazily" in r.out
    assert "3 answers saved: 1 knew it, 1 partly, 1 didn't" in r.out
    items = records(genai_home)
    assert [items[q]["quiz"]["history"][-1]["grade"] for q in ("q-python", "q-attention", "q-rag")] == \
        ["knew", "partly", "didnt"]
    # a recall finishes the question; a miss does not
    assert items["q-python"]["status"] == "done" and items["q-attention"]["status"] == "done"
    assert "status" not in items["q-rag"]


def test_fewer_answers_than_questions_records_those_given(genai, genai_home):
    r = quiz(genai, "2026-01-01", "-n", "3", "--answers", "knew")
    assert r.code == 0 and "2 questions left for next time" in r.out
    assert list(records(genai_home)) == ["q-python"]


@pytest.mark.parametrize("args, stdin", [
    (["--answers", "knew,maybe"], None),
    (["--answers", "5"], None),
    (["--answers", ","], None),
    ([], "knew\nperhaps\n"),
])
def test_answers_out_of_range_exit_2_and_record_nothing(genai, genai_home, args, stdin):
    r = quiz(genai, "2026-01-01", "-n", "2", *args, input=stdin)
    assert r.code == 2, r
    assert "knew, partly, didnt" in r.err and "Traceback" not in r.err
    assert not (genai_home / "state.json").exists()


def test_more_answers_than_questions_exit_2(genai, genai_home):
    r = quiz(genai, "2026-01-01", "-n", "1", "--answers", "knew,knew")
    assert r.code == 2 and "2 answers given but only 1 question" in r.err
    assert not (genai_home / "state.json").exists()


def test_no_answers_and_no_terminal_names_the_flag(genai):
    r = quiz(genai, "2026-01-01")
    assert r.code == 2 and "--answers" in r.err


def test_json_session_result(genai):
    data = quiz(genai, "2026-01-01", "-n", "2", "--answers", "knew,didnt", "--json").json()
    assert data["schema"] == "genai.quiz/1"
    assert [(a["id"], a["grade"], a["marked_done"]) for a in data["answered"]] == \
        [("q-python", "knew", True), ("q-attention", "didnt", False)]
    assert data["answered"][0]["quiz"]["due"] == "2026-01-02" and data["answered"][0]["quiz"]["interval_days"] == 1


# --- review in `genai next` ---------------------------------------------------------------------
def test_done_topics_whose_questions_keep_failing_show_as_review_in_next(genai, genai_home):
    genai("check", "attention", "rag", "-r", str(STUDY))
    # q-rag checks rag; q-attention depends on attention (so it checks it). Fail both twice.
    assert quiz(genai, "2026-01-01", "--phase", "models", "--answers", "didnt,didnt").code == 0
    assert genai("next", "-r", str(STUDY), "--json").json()["review"] == []  # one miss is not "keeps failing"
    assert quiz(genai, "2026-01-02", "--phase", "models", "--answers", "d,d").code == 0
    data = genai("next", "-r", str(STUDY), "--json").json()
    assert data["review"] == [
        {"id": "attention", "title": "Attention", "questions": ["q-attention"]},
        {"id": "rag", "title": "Retrieval-augmented generation", "questions": ["q-rag"]},
    ]
    text = genai("next", "-r", str(STUDY)).out
    assert "Review" in text and "↻ attention" in text and "(q-rag)" in text and "genai quiz --phase models" in text
    # Knowing it again clears the review.
    assert quiz(genai, "2026-01-03", "--phase", "models", "--answers", "knew,knew").code == 0
    assert genai("next", "-r", str(STUDY), "--json").json()["review"] == []


def test_failing_questions_of_unfinished_topics_are_not_review(genai):
    quiz(genai, "2026-01-01", "--phase", "models", "--answers", "didnt,didnt")
    quiz(genai, "2026-01-02", "--phase", "models", "--answers", "didnt,didnt")
    assert genai("next", "-r", str(STUDY), "--json").json()["review"] == []


def test_a_quiz_record_without_a_due_date_is_asked_not_lost(genai, genai_home):
    genai_home.mkdir(parents=True)
    quiz_record = {"history": [{"at": "2026-01-01T09:00:00+00:00", "grade": "knew"}]}
    (genai_home / "state.json").write_text(json.dumps(
        {"schema_version": 1, "roadmaps": {"study": {"items": {"q-rag": {"quiz": quiz_record}}}}}))
    order, data = listed(genai, "2026-01-05", "-n", "1")
    assert order == [("q-rag", "due")] and data["questions"][0]["due"] is None


def test_a_damaged_quiz_record_is_refused_with_its_field(genai, genai_home):
    genai_home.mkdir(parents=True)
    bad = {"schema_version": 1, "roadmaps": {"study": {"items": {"q-rag": {"quiz": {"ease": "high"}}}}}}
    (genai_home / "state.json").write_text(json.dumps(bad))
    r = quiz(genai, "2026-01-01", "--list")
    assert r.code == 1 and "roadmaps.study.items.q-rag.quiz.ease" in r.err and "damaged" in r.err
