"""Spaced repetition: the SM-2 schedule of each question, and the done topics that need a review.

Pure functions over plain dicts: `genai next` imports this module to find topics to review, so it
must stay free of I/O and of anything heavier than the standard library.

SM-2 (P. Wozniak, 1987), with the learner's three self-grades mapped to its 0–5 quality scale:

    knew it -> 5     partly -> 3     didn't -> 1

* quality ≥ 3 (a recall): the interval goes 1 day, then 6 days, then the previous interval × ease,
  rounded up; the repetition count goes up by one.
* quality < 3 (a lapse): the repetition count starts again at 0 and the interval is 1 day.
* after every answer, ease += 0.1 - (5 - q) × (0.08 + (5 - q) × 0.02), never below 1.3
  (knew +0.10, partly -0.14, didn't -0.54); a new question starts at 2.5.

The record lives in the state file beside the item's status (`roadmaps.<id>.items.<qid>.quiz`):

    {"repetitions": 2, "interval_days": 6, "ease": 2.6, "due": "2026-01-08",
     "last": "2026-01-02T09:00:00+00:00", "history": [{"at": "...", "grade": "knew"}, ...]}

`due` is a calendar date: a question is due on that day, whatever the hour it was last answered.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

GRADES = {"knew": 5, "partly": 3, "didnt": 1}
GRADE_LABELS = {"knew": "knew it", "partly": "partly", "didnt": "didn't"}
# What a learner may type for each grade (case-insensitive).
GRADE_WORDS = {
    "knew": "knew", "knew it": "knew", "k": "knew",
    "partly": "partly", "p": "partly",
    "didnt": "didnt", "didn't": "didnt", "did not": "didnt", "d": "didnt",
}
PASSING_QUALITY = 3
INITIAL_EASE = 2.5
MIN_EASE = 1.3
# A done topic is shown for review once one of its questions fails this many times in a row.
LAPSES_FOR_REVIEW = 2


def grade_of(word: str) -> str | None:
    """The grade a typed answer means (knew, partly, didnt), or None when it means none."""
    return GRADE_WORDS.get(" ".join(word.strip().casefold().split()))


def schedule(record: dict[str, Any] | None, grade: str, moment: datetime, today: date) -> dict[str, Any]:
    """The quiz record after answering `grade` at `moment` (local calendar day `today`)."""
    record = record or {}
    quality = GRADES[grade]
    repetitions = int(record.get("repetitions", 0))
    interval = int(record.get("interval_days", 0))
    ease = float(record.get("ease", INITIAL_EASE))
    if quality >= PASSING_QUALITY:
        if repetitions == 0:
            interval = 1
        elif repetitions == 1:
            interval = 6
        else:
            # round() first so float noise (6 × 2.7 = 16.200000000000003) cannot add a day
            interval = math.ceil(round(interval * ease, 6))
        repetitions += 1
    else:
        repetitions, interval = 0, 1
    ease = max(MIN_EASE, round(ease + 0.1 - (5 - quality) * (0.08 + (5 - quality) * 0.02), 2))
    at = moment.isoformat()
    return {
        "repetitions": repetitions,
        "interval_days": interval,
        "ease": ease,
        "due": (today + timedelta(days=interval)).isoformat(),
        "last": at,
        "history": [*record.get("history", []), {"at": at, "grade": grade}],
    }


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
