"""The one clock: every timestamp genai writes, and every "today" it compares with, comes from here.

`GENAI_NOW` (an ISO 8601 time such as `2026-01-01T00:00:00+00:00`) freezes the clock. It exists for
tests and demos — quiz intervals, streaks and ETAs are only checkable on a fixed clock — and is
not meant for everyday use.

Timestamps are stored in UTC; calendar questions (what day was this, is it due today, which week)
use the local time zone, because a learner's day is their own.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timezone

from genai_roadmap.errors import UsageError


def now() -> datetime:
    """The current time in UTC, to the second (or GENAI_NOW when set)."""
    fixed = os.environ.get("GENAI_NOW")
    if fixed:
        value = parse(fixed)
        if value is None:
            raise UsageError(f"GENAI_NOW={fixed!r} is not an ISO 8601 time (e.g. 2026-01-01T00:00:00+00:00)")
        return value
    return datetime.now(timezone.utc).replace(microsecond=0)


def now_iso() -> str:
    return now().isoformat()


def today() -> date:
    return local_date(now())


def local_date(moment: datetime) -> date:
    return moment.astimezone().date()


def day_of(stamp: object) -> str:
    """The local calendar day (YYYY-MM-DD) of a stored timestamp; '' when it is missing or unreadable."""
    moment = parse(stamp)
    return local_date(moment).isoformat() if moment else ""


def parse(text: object) -> datetime | None:
    """An aware UTC datetime from an ISO 8601 string (a date alone means its midnight UTC), or None."""
    if not isinstance(text, str) or not text:
        return None
    try:
        value = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).replace(microsecond=0)


def parse_date(text: object) -> date | None:
    """A calendar date from `YYYY-MM-DD` (or the local date of a full timestamp), or None."""
    if not isinstance(text, str):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        moment = parse(text)
        return local_date(moment) if moment else None
