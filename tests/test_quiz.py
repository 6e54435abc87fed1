"""`genai quiz` without a terminal: FSRS on a fixed clock, SM-2 records migrated, due-first ordering, piped answers, bad
answers (exit 2, nothing recorded), and done topics surfacing as "review" in `genai next`."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest

from conftest import MINI
from genai_roadmap import srs
from studyutil import STUDY, at, records


def quiz(genai, day, *args, input=None):
    return genai("quiz", "-r", str(STUDY), *args, input=input, env=at(day))


# --- the scheduler (FSRS) ------------------------------------------------------------------------
def answered_on_due_days(grades, start=date(2026, 1, 1)):
    """Answer `grades` in turn, each on the day the previous answer made it due: the records after each."""
    record, day, out = None, start, []
    for grade in grades:
        record = srs.schedule(record, grade, datetime(day.year, day.month, day.day, 9, tzinfo=timezone.utc), day)
        out.append(record)
        day = date.fromisoformat(record["due"])
    return out


def test_successive_good_answers_push_the_due_date_further_each_time():
    records_ = answered_on_due_days(["knew"] * 5)
    intervals = [r["interval_days"] for r in records_]
    assert intervals[0] >= 1 and all(b > a for a, b in zip(intervals, intervals[1:])), intervals
    assert intervals[-1] > 100  # five recalls in a row: months, not days
    assert [h["grade"] for h in records_[-1]["history"]] == ["knew"] * 5
    assert records_[-1]["fsrs"]["state"] == 2 and records_[-1]["fsrs"]["stability"] > 100


def test_didnt_comes_back_sooner_than_partly_and_partly_sooner_than_knew():
    for history in ([], ["knew", "knew"], ["partly", "didnt"]):
        before = answered_on_due_days(history)[-1] if history else None
        day = date.fromisoformat(before["due"]) if before else date(2026, 1, 1)
        moment = datetime(day.year, day.month, day.day, 9, tzinfo=timezone.utc)
        after = {g: srs.schedule(before, g, moment, day)["interval_days"] for g in ("didnt", "partly", "knew")}
        assert 1 <= after["didnt"] <= after["partly"] < after["knew"], (history, after)
        if history == ["knew", "knew"]:  # a known question: even "partly" keeps it for longer than a miss
            assert after["didnt"] < after["partly"], after
    assert answered_on_due_days(["didnt"])[0]["interval_days"] == 1  # a first miss: tomorrow


def test_a_miss_shortens_the_interval_and_the_memory_recovers():
    records_ = answered_on_due_days(["knew", "knew", "knew", "didnt", "knew"])
    intervals = [r["interval_days"] for r in records_]
    assert intervals[3] < intervals[2] and intervals[3] < 7  # after a month-long interval, a miss: days
    assert intervals[4] > intervals[3]
    assert records_[3]["fsrs"]["stability"] < records_[2]["fsrs"]["stability"]
    assert records_[3]["fsrs"]["difficulty"] > records_[2]["fsrs"]["difficulty"]  # a miss makes it harder


def test_the_same_answers_give_the_same_dates():  # no fuzz: a learner can predict, a test can pin
    assert answered_on_due_days(["knew", "partly", "knew"]) == answered_on_due_days(["knew", "partly", "knew"])


def test_fsrs_through_the_cli_on_a_fixed_clock(genai, genai_home):
    # Answer q-rag each day it falls due: knew, knew, knew moves the date further each time; didn't brings it back.
    day, dues = "2026-01-01", []
    for grade in ["knew", "knew", "knew", "didnt"]:
        r = genai("quiz", "-r", str(MINI), "--answers", grade, env=at(day))
        assert r.code == 0, r
        q = records(genai_home, "mini")["q-rag"]["quiz"]
        assert q["last"] == f"{day}T09:00:00+00:00" and q["fsrs"]["last_review"] == f"{day}T09:00:00+00:00"
        assert f"next review in {q['interval_days']} day" in r.out and f"({q['due']})" in r.out
        assert "stability" in r.out
        dues.append((day, q["due"], q["interval_days"]))
        day = q["due"]
    gaps = [interval for _, _, interval in dues]
    assert gaps[0] < gaps[1] < gaps[2] and gaps[3] < gaps[2]
    # Not due the day before: nothing is asked, and the next review date is given.
    before = (date.fromisoformat(day) - timedelta(days=1)).isoformat()
    r = genai("quiz", "-r", str(MINI), "--answers", "knew", env=at(before, "23:00:00"))
    assert r.code == 0 and "Nothing to ask" in r.out and day in r.out
    assert [h["grade"] for h in records(genai_home, "mini")["q-rag"]["quiz"]["history"]] == ["knew"] * 3 + ["didnt"]


# --- records written by the SM-2 scheduler of earlier versions ------------------------------------
# q-rag answered "knew" on Jan 1, 2 and 8 by genai 0.x (SM-2): intervals 1, 6, 17 days, ease 2.8.
SM2_RECORD = {"repetitions": 3, "interval_days": 17, "ease": 2.8, "due": "2026-01-25",
              "last": "2026-01-08T09:00:00+00:00",
              "history": [{"at": f"2026-01-0{d}T09:00:00+00:00", "grade": "knew"} for d in (1, 2, 8)]}


def write_state(home, items, roadmap="mini"):
    home.mkdir(parents=True, exist_ok=True)
    (home / "state.json").write_text(json.dumps({"schema_version": 1, "roadmaps": {roadmap: {"items": items}}}))


def test_an_sm2_record_is_read_as_fsrs_keeping_its_due_date_and_history(genai, genai_home):
    write_state(genai_home, {"q-rag": {"status": "done", "quiz": SM2_RECORD}})
    data = genai("quiz", "-r", str(MINI), "--list", "--json", env=at("2026-01-10")).json()
    assert data["questions"] == [] and data["next_due"] == "2026-01-25"  # the promised review does not move
    shown = genai("show", "q-rag", "-r", str(MINI), "--json", env=at("2026-01-10")).json()["item"]["quiz"]
    # the memory state comes from replaying the three answers: as strong as the 17-day SM-2 interval or more
    assert shown["scheduler"] == "fsrs" and shown["stability"] > 17 and 1 <= shown["difficulty"] <= 10
    assert shown["answers"] == 3 and shown["due"] == "2026-01-25" and shown["repetitions"] == 3
    assert shown["sm2"] == {"repetitions": 3, "interval_days": 17, "ease": 2.8}
    text = genai("show", "q-rag", "-r", str(MINI), env=at("2026-01-10")).out
    assert "next review 2026-01-25" in text and "3 answers" in text
    # reading changes nothing on disk
    assert records(genai_home, "mini")["q-rag"]["quiz"] == SM2_RECORD


def test_an_sm2_record_becomes_fsrs_on_its_next_answer_keeping_every_answer(genai, genai_home):
    write_state(genai_home, {"q-rag": {"status": "done", "quiz": {**SM2_RECORD, "extra": "kept"}}})
    r = genai("quiz", "-r", str(MINI), "--answers", "knew", env=at("2026-01-25"))
    assert r.code == 0, r
    q = records(genai_home, "mini")["q-rag"]["quiz"]
    assert q["history"] == [*SM2_RECORD["history"], {"at": "2026-01-25T09:00:00+00:00", "grade": "knew"}]
    assert q["sm2"] == {"repetitions": 3, "interval_days": 17, "ease": 2.8} and q["extra"] == "kept"
    assert "repetitions" not in q and "ease" not in q  # the live schedule is FSRS's now
    assert q["fsrs"]["state"] == 2 and q["fsrs"]["last_review"] == "2026-01-25T09:00:00+00:00"
    assert q["interval_days"] > 17 and q["due"] > "2026-02-11"  # a fourth recall: longer than SM-2's last gap
    # and it stays FSRS: a second answer keeps the archive and adds to the history
    r = genai("quiz", "-r", str(MINI), "--answers", "didnt", env=at(q["due"]))
    q2 = records(genai_home, "mini")["q-rag"]["quiz"]
    assert len(q2["history"]) == 5 and q2["sm2"] == q["sm2"] and q2["interval_days"] < q["interval_days"]


def test_an_sm2_record_without_history_is_seeded_from_its_interval():
    record = {"repetitions": 2, "interval_days": 6, "ease": 2.5, "due": "2026-01-08"}
    migrated = srs.migrate(record)
    assert migrated["fsrs"]["stability"] == 6 and migrated["fsrs"]["difficulty"] == 5
    assert migrated["due"] == "2026-01-08" and migrated["sm2"] == {k: record[k] for k in srs.SM2_FIELDS}
    after = srs.schedule(record, "knew", datetime(2026, 1, 8, 9, tzinfo=timezone.utc), date(2026, 1, 8))
    assert 6 < after["interval_days"] < 60  # grows from the seeded 6 days, sensibly
    assert srs.migrate(migrated) is migrated  # an FSRS record is left alone
    # nothing to seed from (no interval, history unreadable): scheduled like a new question, not for months
    for bare in ({"history": [{"at": "yesterday", "grade": "knew"}]}, {"repetitions": 0, "interval_days": 0}):
        after = srs.schedule(bare, "knew", datetime(2026, 1, 8, 9, tzinfo=timezone.utc), date(2026, 1, 8))
        assert after["interval_days"] == answered_on_due_days(["knew"])[0]["interval_days"]
        assert after["history"][:-1] == bare.get("history", [])


def test_an_old_export_with_sm2_records_still_imports_and_merges(genai, genai_home, tmp_path):
    old_export = tmp_path / "old.json"
    write_state(genai_home, {"q-rag": {"status": "done", "quiz": SM2_RECORD}})
    assert genai("export", "-r", str(MINI), "--format", "json", "-o", str(old_export)).code == 0
    (genai_home / "state.json").unlink()
    # Here, on a fresh machine, q-rag was answered once with FSRS; then the old export is imported.
    assert genai("quiz", "-r", str(MINI), "--answers", "partly", env=at("2026-01-20")).code == 0
    r = genai("import", str(old_export), "--json", env=at("2026-01-21"))
    assert r.code == 0, r
    q = records(genai_home, "mini")["q-rag"]["quiz"]
    # ours was answered last, so our FSRS schedule stays; the answers of both sides are united
    assert q["fsrs"]["last_review"] == "2026-01-20T09:00:00+00:00" and q["due"] > "2026-01-20"
    assert sorted(h["at"][:10] for h in q["history"]) == ["2026-01-01", "2026-01-02", "2026-01-08", "2026-01-20"]
    # The other way round: the old export into an empty state, then quizzed when due.
    (genai_home / "state.json").unlink()
    assert genai("import", str(old_export), env=at("2026-01-21")).code == 0
    assert records(genai_home, "mini")["q-rag"]["quiz"] == SM2_RECORD  # imported as it was
    listed_ = genai("quiz", "-r", str(MINI), "--list", "--json", env=at("2026-01-25")).json()
    assert [(c["id"], c["reason"], c["due"]) for c in listed_["questions"]] == [("q-rag", "due", "2026-01-25")]
    assert genai("quiz", "-r", str(MINI), "--answers", "knew", env=at("2026-01-25")).code == 0
    q = records(genai_home, "mini")["q-rag"]["quiz"]
    assert "fsrs" in q and len(q["history"]) == 4 and q["sm2"]["ease"] == 2.8


def test_a_damaged_fsrs_card_is_refused_with_its_field(genai, genai_home):
    bad = answered_on_due_days(["knew"])[0]
    bad["fsrs"]["stability"] = -3
    write_state(genai_home, {"q-rag": {"quiz": bad}})
    r = genai("quiz", "-r", str(MINI), "--list")
    assert r.code == 1 and "roadmaps.mini.items.q-rag.quiz.fsrs.stability" in r.err and "damaged" in r.err


# --- what is asked, in which order --------------------------------------------------------------
def listed(genai, day, *args):
    data = quiz(genai, day, "--list", "--json", *args).json()
    return [(q["id"], q["reason"]) for q in data["questions"]], data


def test_due_questions_come_first_most_overdue_first(genai, genai_home):
    assert quiz(genai, "2026-01-01", "-n", "1", "--answers", "knew").code == 0  # q-python, due 01-03
    order, _ = listed(genai, "2026-01-03", "-n", "9")
    assert order == [("q-python", "due"), ("q-attention", "new"), ("q-rag", "new"), ("q-free", "new")]
    # q-python knew (-> due 01-14), q-attention didn't (-> due 01-04)
    assert quiz(genai, "2026-01-03", "-n", "2", "--answers", "k,d").code == 0
    assert records(genai_home)["q-python"]["quiz"]["due"] == "2026-01-14"
    order, data = listed(genai, "2026-01-15", "-n", "9")
    assert order == [("q-attention", "due"), ("q-python", "due"), ("q-rag", "new"), ("q-free", "new")]
    assert (data["due_total"], data["new_total"], data["questions_total"]) == (2, 2, 4)
    assert data["schema"] == "genai.quiz/1"
    assert {"roadmap", "phase", "today", "next_due", "questions", "answered", "unanswered", "stopped"} <= set(data)
    # -n limits the session; listing changes nothing
    order, _ = listed(genai, "2026-01-15", "-n", "1")
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
    first, second = (a["quiz"] for a in data["answered"])
    assert (first["due"], first["interval_days"], second["due"], second["interval_days"]) == \
        ("2026-01-03", 2, "2026-01-02", 1)
    # genai.quiz/1 keeps every SM-2-era key (ease is null: FSRS has none) and adds FSRS's memory state
    assert {"repetitions", "interval_days", "ease", "due", "last", "answers", "history", "failing"} <= set(first)
    assert (first["repetitions"], first["ease"], first["answers"], first["failing"]) == (1, None, 1, False)
    assert first["scheduler"] == "fsrs" and first["stability"] > second["stability"] > 0
    assert second["difficulty"] > first["difficulty"] and second["repetitions"] == 0


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
