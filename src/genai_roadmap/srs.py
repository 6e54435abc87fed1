"""Spaced repetition: the FSRS schedule of each question, and the done topics that need a review.

`genai next` imports this module to find topics to review, so its top level stays free of I/O and of
anything heavier than the standard library: the `fsrs` package (the maintained Python FSRS, the
scheduler Anki defaults to) is imported only inside the functions that schedule.

FSRS models each question's memory with a *stability* (days until the chance of recalling it falls
to 90%) and a *difficulty* (1–10). After each answer it updates both and schedules the next review
for the day the predicted recall drops to the desired retention (90%). Our three self-grades map to
FSRS ratings:

    knew it -> Good     partly -> Hard     didn't -> Again

"Knew it" is a normal, successful recall, which FSRS calls Good (Easy is for answers that came with
no effort at all; using it for every "knew it" would stretch intervals too far). "Partly" is a recall
that took effort or was incomplete: FSRS's Hard, which still counts as remembered (the interval
grows, slowly), just as "partly" finishes a question. "Didn't" is a lapse: Again.

The scheduler runs with no intra-day learning steps (a quiz is answered at most once a day, and
`due` is a calendar date) and without fuzzing, so the same answers always give the same dates.

The record lives in the state file beside the item's status (`roadmaps.<id>.items.<qid>.quiz`):

    {"fsrs": {"state": 2, "step": null, "stability": 10.96, "difficulty": 2.11,
              "due": "2026-01-14T09:00:00+00:00", "last_review": "2026-01-03T09:00:00+00:00"},
     "interval_days": 11, "due": "2026-01-14", "last": "2026-01-03T09:00:00+00:00",
     "history": [{"at": "...", "grade": "knew"}, ...]}

`fsrs` is the package's Card.to_dict() without its card id; `due` is a calendar date: a question is
due on that day, whatever the hour it was last answered.

Records written by the SM-2 scheduler of earlier versions (`repetitions`, `interval_days`, `ease`,
no `fsrs`) are migrated when read and rewritten in the new form on their next answer (`migrate`):

* the FSRS memory state comes from replaying the record's answer history through the scheduler, the
  answers the learner really gave; a record with no readable history is seeded from SM-2 instead
  (stability = the SM-2 interval, since at 90% retention an FSRS interval equals its stability;
  difficulty from the ease, 2.5 -> 5, 1.3 -> 10), and with no interval either starts as new;
* the due date already promised (`due`, `interval_days`) is kept, so migrating moves no review;
* every history entry is kept, and the SM-2 fields are kept under `sm2` as they were.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import Any

# grade -> the FSRS rating it is given (by name, so this module needs no import of fsrs)
GRADES = {"knew": "Good", "partly": "Hard", "didnt": "Again"}
GRADE_LABELS = {"knew": "knew it", "partly": "partly", "didnt": "didn't"}
# What a learner may type for each grade (case-insensitive).
GRADE_WORDS = {
    "knew": "knew", "knew it": "knew", "k": "knew",
    "partly": "partly", "p": "partly",
    "didnt": "didnt", "didn't": "didnt", "did not": "didnt", "d": "didnt",
}
DESIRED_RETENTION = 0.9
MAX_INTERVAL_DAYS = 36500  # the scheduler's own cap (fsrs.Scheduler.maximum_interval's default)
SM2_FIELDS = ("repetitions", "interval_days", "ease")
FSRS_STATES = (1, 2, 3)  # fsrs.State: Learning, Review, Relearning
# A done topic is shown for review once one of its questions fails this many times in a row.
LAPSES_FOR_REVIEW = 2


def grade_of(word: str) -> str | None:
    """The grade a typed answer means (knew, partly, didnt), or None when it means none."""
    return GRADE_WORDS.get(" ".join(word.strip().casefold().split()))


@lru_cache(maxsize=1)
def _scheduler():
    from fsrs import Scheduler

    # No learning steps: a quiz is a once-a-day thing and `due` a date. No fuzz: same answers, same dates.
    return Scheduler(desired_retention=DESIRED_RETENTION, learning_steps=(), relearning_steps=(),
                     maximum_interval=MAX_INTERVAL_DAYS, enable_fuzzing=False)


def _utc(moment: datetime) -> datetime:
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)


def _parse_moment(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _card(data: dict[str, Any] | None):
    from fsrs import Card

    if not data:
        return Card(card_id=0, due=datetime(1970, 1, 1, tzinfo=timezone.utc))
    return Card.from_dict({"card_id": 0, "step": None, "last_review": None, **data})


def _card_dict(card) -> dict[str, Any]:
    data = card.to_dict()
    data.pop("card_id", None)  # the id is the card's creation time: meaningless here, and never read
    return data


def _review(card, grade: str, moment: datetime):
    from fsrs import Rating

    reviewed, _log = _scheduler().review_card(card, Rating[GRADES[grade]], _utc(moment))
    return reviewed


def _interval_days(card, moment: datetime) -> int:
    # FSRS intervals are whole days here (no learning steps); at least one day, counted in calendar days
    return max(1, round((card.due - _utc(moment)) / timedelta(days=1)))


def schedule(record: dict[str, Any] | None, grade: str, moment: datetime, today: date) -> dict[str, Any]:
    """The quiz record after answering `grade` at `moment` (local calendar day `today`).

    An SM-2 record is migrated first (see `migrate`); every other field of the record is kept.
    """
    record = migrate(record or {})
    card = _review(_card(record.get("fsrs")), grade, moment)
    interval = _interval_days(card, moment)
    at = moment.isoformat()
    return {
        **record,
        "fsrs": _card_dict(card),
        "interval_days": interval,
        "due": (today + timedelta(days=interval)).isoformat(),
        "last": at,
        "history": [*record.get("history", []), {"at": at, "grade": grade}],
    }


def is_sm2(record: dict[str, Any] | None) -> bool:
    """A record without an FSRS card: written by the SM-2 scheduler of earlier versions (or by hand)."""
    return bool(record) and "fsrs" not in record


def migrate(record: dict[str, Any]) -> dict[str, Any]:
    """The FSRS form of an SM-2 record (any other record as it is). Keeps every field and answer."""
    if not is_sm2(record):
        return record
    card = None
    answers = sorted(((moment, h["grade"]) for h in record.get("history") or [] if isinstance(h, dict)
                      if h.get("grade") in GRADES and (moment := _parse_moment(h.get("at"))) is not None),
                     key=lambda pair: _utc(pair[0]))
    if answers:
        card = _card(None)
        for moment, grade in answers:
            card = _review(card, grade, moment)
    else:  # seeded when SM-2 left an interval and a date to count it from; a fresh card otherwise
        card = _seeded_card(record) or _card(None)
    migrated = {key: value for key, value in record.items() if key not in SM2_FIELDS}
    if any(key in record for key in SM2_FIELDS):
        migrated["sm2"] = {key: record[key] for key in SM2_FIELDS if key in record}
    if "interval_days" in record:
        migrated["interval_days"] = record["interval_days"]  # the interval that set the promised due date
    due = due_date(record)
    if due is not None:  # keep the review already promised; FSRS takes over from the next answer
        card.due = datetime.combine(due, time(), timezone.utc)
    migrated["fsrs"] = _card_dict(card)
    return migrated


def _seeded_card(record: dict[str, Any]):
    """An FSRS card from the SM-2 numbers alone (a record whose history is missing or unreadable).

    None without a positive interval and a last answer or due date: FSRS would take an unknown last
    review as 0% recall and stretch the next interval far too much.
    """
    from fsrs import State

    interval = record.get("interval_days")
    ease = record.get("ease")
    if isinstance(interval, bool) or not isinstance(interval, (int, float)) or not interval > 0:
        return None
    stability = float(min(interval, MAX_INTERVAL_DAYS))
    ease = float(ease) if isinstance(ease, (int, float)) and math.isfinite(ease) else 2.5
    difficulty = min(10.0, max(1.0, 5 + (2.5 - ease) * 5 / 1.2))  # ease 2.5 -> 5, 1.3 -> 10
    card = _card(None)
    card.state, card.step, card.stability, card.difficulty = State.Review, None, stability, difficulty
    last = _parse_moment(record.get("last"))
    due = due_date(record)
    if last is None and due is not None:  # answered `interval` days before it fell due
        try:
            last = datetime.combine(due - timedelta(days=round(stability)), time(), timezone.utc)
        except OverflowError:  # a due date near year 1: no usable last answer
            last = None
    if last is None:
        return None
    card.last_review = _utc(last)
    return card


def memory(record: dict[str, Any] | None) -> dict[str, Any]:
    """Stability (days) and difficulty (1-10) of a record's FSRS card (None before `migrate`)."""
    card = (record or {}).get("fsrs") or {}
    return {"stability": card.get("stability"), "difficulty": card.get("difficulty")}


def streak(record: dict[str, Any] | None) -> int:
    """Recalls (knew it, partly) in a row since the last "didn't": SM-2's repetition count."""
    count = 0
    for entry in reversed((record or {}).get("history") or []):
        if not isinstance(entry, dict) or entry.get("grade") == "didnt":
            break
        count += 1
    return count


def due_date(record: dict[str, Any]) -> date | None:
    try:
        return date.fromisoformat(record["due"])
    except (KeyError, TypeError, ValueError):
        return None


def is_due(record: dict[str, Any] | None, today: date) -> bool:
    """Asked before and due today or earlier. A question never asked is new, not due."""
    due = due_date(record) if record else None
    return due is not None and due <= today


def is_failing(record: dict[str, Any] | None) -> bool:
    """The last LAPSES_FOR_REVIEW answers were all "didn't"."""
    history = (record or {}).get("history") or []
    recent = history[-LAPSES_FOR_REVIEW:]
    return len(recent) == LAPSES_FOR_REVIEW and all(h.get("grade") == "didnt" for h in recent)


def checked_ids(item) -> list[str]:
    """The items a question checks: its `checks`, or without them the items it `depends_on`."""
    if item.kind != "question":
        return []
    return list(getattr(item, "checks", None) or item.depends_on)


# --- review: done topics whose questions keep failing ------------------------------------------------
@dataclass
class Review:
    item: Any  # roadmap.Item, the done topic
    questions: list[Any] = field(default_factory=list)  # the failing questions that check it


def review_topics(progress, phase=None) -> list[Review]:
    """Done items checked by a failing question, in roadmap order (only `phase`'s when given).

    Cheap on purpose (`genai next` calls it): one pass over the learner's records.
    """
    roadmap = progress.roadmap
    found: dict[str, Review] = {}
    for item_id, record in progress.records.items():
        if not is_failing(record.get("quiz")):
            continue
        question = roadmap.by_id[item_id]
        for topic_id in checked_ids(question):
            topic = roadmap.by_id.get(topic_id)
            if topic is None or progress.status(topic) != "done":
                continue
            if phase is not None and topic.phase_id != phase.id:
                continue
            found.setdefault(topic_id, Review(topic)).questions.append(question)
    if not found:
        return []
    order = {item.id: index for index, item in enumerate(roadmap.items)}
    return sorted(found.values(), key=lambda review: order[review.item.id])
