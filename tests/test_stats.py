"""`genai stats` on a fixed clock: hours against estimates, honest ETAs, pace, weekly counts, streak."""

from __future__ import annotations

from studyutil import STUDY, at


def stats(genai, day, *args):
    r = genai("stats", "-r", str(STUDY), *args, env=at(day))
    assert r.code == 0, r
    return r


def check(genai, day, *items):
    assert genai("check", *items, "-r", str(STUDY), env=at(day)).code == 0


def test_nothing_done_yet(genai):
    data = stats(genai, "2026-01-05", "--json").json()
    assert data["schema"] == "genai.stats/1"
    promised = {"roadmap", "today", "hours_per_week", "items", "hours", "eta", "pace", "weeks", "streak", "phases"}
    assert promised <= set(data)
    assert data["items"] == {"total": 9, "finished": 0, "remaining": 9, "optional_not_started": 0, "verified": 0}
    # python 10 + numpy 6 + attention 8 + rag 4; matmul has no estimate; questions are not study hours
    assert data["hours"] == {"estimated_total": 28, "done": 0, "left": 28, "unestimated_remaining_items": 1}
    assert data["eta"]["by_hours"]["date"] is None
    assert "genai config set hours-per-week" in data["eta"]["by_hours"]["reason"]
    assert data["eta"]["by_pace"]["reason"] == "nothing studied yet to measure a pace from"
    assert data["streak"] == {"current_days": 0, "longest_days": 0, "last_active": None}
    assert len(data["weeks"]) == 12 and all(w["items"] == 0 for w in data["weeks"])


def test_hours_eta_per_phase_with_weekly_hours(genai):
    genai("config", "set", "hours-per-week", "4")
    check(genai, "2026-01-05", "python")  # a Monday
    data = stats(genai, "2026-01-05", "--json").json()
    assert data["hours_per_week"] == 4
    assert (data["hours"]["done"], data["hours"]["left"]) == (10, 18)
    # 18 h left at 4 h/week = 4.5 weeks = 31.5 days -> 32; lower bound: matmul has no estimate
    assert data["eta"]["by_hours"] == {"weeks": 4.5, "date": "2026-02-06", "lower_bound": True, "reason": None}
    basics, models, interview = data["phases"]
    # phases are studied in order: basics has numpy (6 h) left -> 1.5 weeks; models adds 12 h
    assert basics["eta"] == {"weeks": 1.5, "date": "2026-01-16", "lower_bound": True, "reason": None}
    assert (basics["hours_estimated"], basics["hours_done"], basics["unestimated_remaining_items"]) == (16, 10, 1)
    assert models["eta"]["date"] == "2026-02-06" and models["eta"]["lower_bound"] is True
    assert interview["eta"]["weeks"] == 4.5  # nothing estimated left in it: same as the phase before
    # the flag overrides the setting for one run
    assert stats(genai, "2026-01-05", "--json", "--hours-per-week", "9").json()["eta"]["by_hours"]["weeks"] == 2.0


def test_finished_phases_and_no_lower_bound_once_estimates_are_complete(genai):
    genai("config", "set", "hours-per-week", "10")
    check(genai, "2026-01-05", "python", "numpy", "matmul", "q-python")
    data = stats(genai, "2026-01-05", "--json").json()
    basics = data["phases"][0]
    assert basics["eta"]["reason"] == "finished" and basics["finished"] == 4
    assert data["hours"]["unestimated_remaining_items"] == 0
    assert data["eta"]["by_hours"] == {"weeks": 1.2, "date": "2026-01-14", "lower_bound": False, "reason": None}


def test_pace_weekly_counts_and_streak(genai):
    check(genai, "2026-01-01", "python")       # Thursday, week of Dec 29
    check(genai, "2026-01-02", "numpy")        # Friday
    check(genai, "2026-01-03", "matmul")       # Saturday
    genai("note", "attention", "read the paper", "-r", str(STUDY), env=at("2026-01-05"))  # activity, not done
    check(genai, "2026-01-06", "attention")    # Tuesday, week of Jan 5
    # a later --note must not move the done date
    genai("check", "python", "--note", "again", "-r", str(STUDY), env=at("2026-01-06"))
    data = stats(genai, "2026-01-06", "--json").json()
    weeks = data["weeks"]
    assert (weeks[-1]["start"], weeks[-1]["items"], weeks[-1]["hours"]) == ("2026-01-05", 1, 8)
    assert (weeks[-2]["start"], weeks[-2]["items"], weeks[-2]["hours"]) == ("2025-12-29", 3, 16)
    # active Jan 1, 2, 3, (not 4), 5, 6
    assert data["streak"] == {"current_days": 2, "longest_days": 3, "last_active": "2026-01-06"}
    # 4 items in a 7-day window (first activity 6 days ago) = 4/week, but six days of history
    # promise nothing: no ETA from the pace until two weeks have passed
    assert data["pace"] == {"items_per_week": 4.0, "hours_per_week": 24.0, "window_days": 7}
    assert data["eta"]["by_pace"]["date"] is None
    assert data["eta"]["by_pace"]["reason"].startswith("too early to measure a pace (6 days of history, 4 item(s)")
    # two weeks in: 4 items over 14 days = 2/week; 1 study item (rag) left -> 0.5 weeks -> 4 days
    two_weeks = stats(genai, "2026-01-14", "--json").json()
    assert two_weeks["pace"] == {"items_per_week": 2.0, "hours_per_week": 12.0, "window_days": 14}
    assert two_weeks["eta"]["by_pace"] == {"weeks": 0.5, "date": "2026-01-18", "lower_bound": False, "reason": None}
    # a day off keeps yesterday's streak; two days off end it
    assert stats(genai, "2026-01-07", "--json").json()["streak"]["current_days"] == 2
    later = stats(genai, "2026-01-08", "--json").json()["streak"]
    assert later == {"current_days": 0, "longest_days": 3, "last_active": "2026-01-06"}


def test_text_view_is_honest_about_missing_estimates(genai):
    check(genai, "2026-01-05", "python")
    out = stats(genai, "2026-01-05").out
    assert "Study Roadmap" in out and "10/28 h estimated done" in out
    assert "1 remaining item has no estimate" in out
    assert "genai config set hours-per-week 10" in out
    assert "Streak" in out and "1 day" in out
    assert "Done/week" in out and "█" in out  # the sparkline's one busy week
    genai("config", "set", "hours-per-week", "10")
    out = stats(genai, "2026-01-05").out
    assert "at 10 h/week: ≥ 2026-01-18" in out


def test_a_roadmap_without_estimates_has_no_hour_eta(genai, tmp_path):
    plain = tmp_path / "plain.yaml"
    plain.write_text("id: plain\ntitle: Plain\nphases:\n  - id: a\n    title: A\n    items:\n"
                     "      - {id: x, title: X, kind: topic}\n      - {id: y, title: Y, kind: topic}\n")
    genai("config", "set", "hours-per-week", "10")
    data = genai("stats", "-r", str(plain), "--json", env=at("2026-01-05")).json()
    assert data["hours"]["estimated_total"] == 0
    assert data["eta"]["by_hours"]["reason"] == "the remaining items have no estimates"
    assert "no hour-based ETA" in genai("stats", "-r", str(plain), env=at("2026-01-05")).out


def test_bad_hours_per_week_is_exit_2(genai):
    assert genai("stats", "-r", str(STUDY), "--hours-per-week", "0").code == 2
    assert genai("stats", "-r", str(STUDY), "--hours-per-week", "lots").code == 2
