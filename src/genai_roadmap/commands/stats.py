"""`genai stats`: hours done against the roadmap's estimates, your pace, an ETA per phase, a streak.

Honest about what it does not know:

* Hours come only from items' `est_hours`. Remaining items without an estimate are counted and
  reported; when there are any, every hour-based ETA is a lower bound. Questions are quiz cards,
  not study time, so they are left out of hours (but count as items).
* The hour-based ETA needs your weekly hours (`genai config set hours-per-week 10`); without it
  there is none, and the reason says how to get one.
* The pace-based ETA extrapolates the study items (not quiz answers) you finished over the last
  four weeks, and only once there are two weeks of history and a few items: a first day's burst
  says nothing about the weeks ahead, so until then the reason says when an ETA will appear.
* Optional items (`optional: true`) count for hours and ETAs only once started.

Dates: an item counts for the day it last became done (`done_at`; older records only have
`updated`). Days and weeks (Monday to Sunday) are in the local time zone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Iterable

from genai_roadmap import clock, config, progress
from genai_roadmap.errors import UsageError
from genai_roadmap.roadmap import Item, Phase, Roadmap
from genai_roadmap.selection import select

PACE_WINDOW_DAYS = 28
MIN_PACE_DAYS = 7
MIN_HISTORY_DAYS = 14  # days since the first finished item before a pace means anything
MIN_PACE_ITEMS = 3


@dataclass
class Eta:
    weeks: float | None = None
    date: date | None = None
    lower_bound: bool = False  # remaining items without estimates are not counted
    reason: str | None = None  # why there is no ETA


@dataclass
class PhaseStats:
    phase: Phase
    total: int
    finished: int
    hours_total: float
    hours_done: float
    hours_left: float
    unestimated_left: int
    eta: Eta = field(default_factory=Eta)
    optional_left: int = 0  # optional items not started: outside hours and ETAs
    study_left: int = 0  # what an ETA waits for: unfinished items but questions and unstarted optionals
    verified: int = 0  # items with evidence (genai verify, a solved exercise), not only ticked

    @property
    def remaining(self) -> int:
        return self.total - self.finished


@dataclass
class Week:
    start: date  # a Monday
    items: int
    hours: float


@dataclass
class Streak:
    current: int  # days in a row with activity, ending today (or yesterday, if not yet today)
    longest: int
    last_active: date | None


class _Total:
    """A StatsResult attribute that is the sum of the same attribute over its phases."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, result: Any, owner: type | None = None) -> Any:
        return sum(getattr(p, self.name) for p in result.phases)


@dataclass
class StatsResult:
    roadmap: Roadmap
    today: date
    hours_per_week: float | None
    phases: list[PhaseStats]
    weeks: list[Week]
    pace_items_per_week: float | None
    pace_hours_per_week: float | None
    pace_days: int  # the window the pace was measured over
    eta_hours: Eta
    eta_pace: Eta
    streak: Streak

    total = _Total()
    finished = _Total()
    hours_total = _Total()
    hours_done = _Total()
    hours_left = _Total()
    unestimated_left = _Total()
    optional_left = _Total()
    study_left = _Total()
    verified = _Total()

    @property
    def remaining(self) -> int:
        return self.total - self.finished


def _plural_days(days: int) -> str:
    return f"{days} day" + ("" if days == 1 else "s")


def _counts_hours(item: Item) -> bool:
    return item.kind != "question"


def _done_day(record: dict[str, Any]) -> date | None:
    moment = clock.parse(record.get("done_at") or record.get("updated"))
    return clock.local_date(moment) if moment else None


def _activity_days(records: Iterable[dict[str, Any]]) -> set[date]:
    """Every local day on which the learner ticked, noted or answered something."""
    stamps: list[Any] = []
    for record in records:
        stamps += [record.get("updated"), record.get("done_at")]
        stamps += [n.get("at") for n in record.get("notes") or []]
        stamps += [h.get("at") for h in (record.get("quiz") or {}).get("history") or []]
    return {clock.local_date(m) for m in map(clock.parse, stamps) if m}


def streak(days: set[date], today: date) -> Streak:
    if not days:
        return Streak(0, 0, None)
    longest = run = 0
    previous = None
    for day in sorted(days):
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        longest = max(longest, run)
        previous = day
    current = 0
    day = today if today in days else today - timedelta(days=1)
    while day in days:
        current += 1
        day -= timedelta(days=1)
    past = [d for d in days if d <= today]
    return Streak(current, longest, max(past) if past else None)


def _eta(hours_left: float, unestimated: int, remaining: int, hours_per_week: float | None, today: date) -> Eta:
    if remaining == 0:
        return Eta(0, today, reason="finished")
    if not hours_per_week:
        return Eta(reason="set your weekly study hours: genai config set hours-per-week 10")
    if hours_left == 0:
        return Eta(reason="the remaining items have no estimates")
    weeks = hours_left / hours_per_week
    return Eta(weeks, today + timedelta(days=math.ceil(weeks * 7)), lower_bound=unestimated > 0)


def compute(name: str | None, hours_per_week: float | None = None) -> StatsResult:
    if hours_per_week is not None and hours_per_week <= 0:
        raise UsageError("--hours-per-week must be a positive number")
    rm, current = select(name)
    return summarise(rm, current, hours_per_week)


def summarise(rm: Roadmap, current: dict[str, Any], hours_per_week: float | None = None) -> StatsResult:
    """The stats of a roadmap against a state snapshot (the HTML map uses it with the export's snapshot)."""
    prog = progress.Progress(rm, current)
    settings = config.load()
    if hours_per_week is None:
        hours_per_week = settings.get("hours-per-week")
    weeks_shown = settings.get("stats-weeks", config.SETTINGS["stats-weeks"].default)
    today = clock.today()

    phases: list[PhaseStats] = []
    done_days: list[tuple[date, float]] = []  # (day, estimated hours) of each done item
    for phase in rm.phases:
        ps = PhaseStats(phase, len(phase.items), 0, 0.0, 0.0, 0.0, 0)
        for item in phase.items:
            status = prog.status(item)
            if status == "done" and progress.verified(prog.record(item)) is not None:
                ps.verified += 1
            if item.optional and status == "pending":
                ps.optional_left += 1
                continue
            hours = item.est_hours if _counts_hours(item) and item.est_hours is not None else None
            ps.hours_total += hours or 0
            if status not in progress.FINISHED and _counts_hours(item):
                ps.study_left += 1
            if status in progress.FINISHED:
                ps.finished += 1
                if status == "done":
                    ps.hours_done += hours or 0
                    day = _done_day(prog.record(item))
                    if day and _counts_hours(item):  # quiz answers are not study pace
                        done_days.append((day, hours or 0))
            elif hours is None:
                ps.unestimated_left += _counts_hours(item)
            else:
                ps.hours_left += hours
        phases.append(ps)

    # Cumulative ETA per phase: phases are studied in roadmap order.
    hours_so_far = unestimated_so_far = 0
    for ps in phases:
        hours_so_far += ps.hours_left
        unestimated_so_far += ps.unestimated_left
        ps.eta = _eta(hours_so_far, unestimated_so_far, ps.remaining - ps.optional_left, hours_per_week, today)

    this_monday = today - timedelta(days=today.weekday())
    weeks = [Week(this_monday - timedelta(weeks=n), 0, 0.0) for n in reversed(range(weeks_shown))]
    by_start = {w.start: w for w in weeks}
    for day, hours in done_days:
        week = by_start.get(day - timedelta(days=day.weekday()))
        if week:
            week.items += 1
            week.hours += hours

    pace_items = pace_hours = None
    pace_days = 0
    if done_days:
        first = min(day for day, _ in done_days)
        pace_days = min(PACE_WINDOW_DAYS, max(MIN_PACE_DAYS, (today - first).days + 1))
        recent = [(d, h) for d, h in done_days if 0 <= (today - d).days < pace_days]
        pace_items = len(recent) / (pace_days / 7)
        pace_hours = sum(h for _, h in recent) / (pace_days / 7)

    result = StatsResult(rm, today, hours_per_week, phases, weeks, pace_items, pace_hours, pace_days,
                         Eta(), Eta(), streak(_activity_days([*prog.records.values(), *prog.orphans.values()]), today))
    result.eta_hours = _eta(result.hours_left, result.unestimated_left, result.remaining - result.optional_left,
                            hours_per_week, today)
    history_days = (today - min(day for day, _ in done_days)).days + 1 if done_days else 0
    if result.study_left == 0:
        result.eta_pace = Eta(0, today, reason="finished")
    elif not done_days:
        result.eta_pace = Eta(reason="nothing studied yet to measure a pace from")
    elif history_days < MIN_HISTORY_DAYS or len(done_days) < MIN_PACE_ITEMS:
        ready = today + timedelta(days=max(0, MIN_HISTORY_DAYS - history_days))
        result.eta_pace = Eta(reason=f"too early to measure a pace ({_plural_days(history_days)} of history, "
                                     f"{len(done_days)} item(s) studied); an ETA from your pace shows from "
                                     f"{ready.isoformat()} with {MIN_PACE_ITEMS}+ items done")
    elif not pace_items:
        result.eta_pace = Eta(reason="no items done in the last four weeks to measure a pace from")
    else:
        weeks_left = result.study_left / pace_items
        result.eta_pace = Eta(weeks_left, today + timedelta(days=math.ceil(weeks_left * 7)))
    return result
