"""`genai quiz`: which questions to ask (due first), and recording each answer in the state file.

The questions are the roadmap's `question` items. A session asks, in this order:

1. questions due for review (asked before, due today or earlier), most overdue first;
2. new questions whose checked topics are all finished (you studied it: now test it);
3. the other new questions, in roadmap order.

Each answer is written as soon as it is given (one `update_state` each), so stopping half-way
loses nothing. A recall (knew it, partly) of a question not yet finished also marks it done.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Iterable

from genai_roadmap import clock, progress, srs, state
from genai_roadmap.errors import GenaiError, UsageError
from genai_roadmap.roadmap import Item, Phase, Roadmap
from genai_roadmap.selection import select

ANSWER_FLAG = "--answers"
VALID_ANSWERS = "knew, partly, didnt (or k, p, d)"
GRADE_CHOICES = [(grade, srs.GRADE_LABELS[grade], grade[0]) for grade in srs.GRADES]  # value, label, key


@dataclass
class Card:
    item: Item
    phase: Phase
    reason: str  # "due" or "new"
    record: dict[str, Any]  # the quiz record so far ({} when new)
    checks: list[Item]

    @property
    def due(self) -> date | None:
        return srs.due_date(self.record)


@dataclass
class Plan:
    roadmap: Roadmap
    today: date
    cards: list[Card]
    due_total: int  # due now, in scope
    new_total: int  # never asked, in scope
    questions_total: int  # all questions in scope
    next_due: date | None = None  # the earliest due date after today, in scope
    phase: Phase | None = None


@dataclass
class Answer:
    card: Card
    grade: str
    record: dict[str, Any]  # the quiz record after this answer
    marked_done: bool
    number: int = 0  # 1-based position in the session


@dataclass
class Session:
    plan: Plan
    answers: list[Answer] = field(default_factory=list)
    stopped: bool = False  # the learner cancelled before the end

    @property
    def unanswered(self) -> int:
        return len(self.plan.cards) - len(self.answers)


def _in_scope(item: Item, phase: Phase | None, roadmap: Roadmap) -> bool:
    if phase is None or item.phase_id == phase.id:
        return True
    return any(roadmap.by_id[i].phase_id == phase.id for i in srs.checked_ids(item) if i in roadmap.by_id)


def plan(name: str | None, phase_query: str | None, count: int | None) -> Plan:
    """What a session asks: up to `count` cards (default: the quiz-size setting)."""
    if count is None:
        from genai_roadmap import config

        count = config.value("quiz-size")
    if count < 1:
        raise UsageError("-n must be at least 1")
    rm, current = select(name)
    phase = progress.find_phase(rm, phase_query) if phase_query else None
    prog = progress.Progress(rm, current)
    questions = [i for i in rm.items if i.kind == "question" and _in_scope(i, phase, rm)]
    if not questions:
        where = f"phase '{phase.title}'" if phase else f"roadmap '{rm.id}'"
        raise GenaiError(f"{where} has no questions to quiz you on",
                         hint="questions are items of kind 'question'; try another roadmap: genai roadmap list")
    today = clock.today()
    due: list[Card] = []
    fresh: list[Card] = []
    later: list[date] = []
    for item in questions:
        record = srs.migrate(prog.record(item).get("quiz") or {})  # an SM-2 record is read as FSRS
        card = Card(item, rm.phase_by_id[item.phase_id], "new", record,
                    [rm.by_id[i] for i in srs.checked_ids(item) if i in rm.by_id])
        if not record:
            fresh.append(card)
        elif srs.is_due(record, today) or card.due is None:  # no readable due date: ask it rather than lose it
            card.reason = "due"
            due.append(card)
        else:
            later.append(card.due)
    order = {item.id: index for index, item in enumerate(rm.items)}
    due.sort(key=lambda c: (c.due or date.min, order[c.item.id]))
    # Stable sort: studied-topic questions first, otherwise roadmap order.
    fresh.sort(key=lambda c: not (c.checks and all(prog.finished(t) for t in c.checks)))
    return Plan(rm, today, (due + fresh)[:count], len(due), len(fresh), len(questions),
                min(later) if later else None, phase)


def parse_answers(words: Iterable[str]) -> list[str]:
    """Grades for typed answers; UsageError (exit 2) naming the valid ones for any other."""
    grades, bad = [], []
    for number, word in enumerate(words, 1):
        grade = srs.grade_of(word)
        if grade is None:
            bad.append(f"#{number} {word.strip()!r}")
        grades.append(grade)
    if bad:
        raise UsageError(f"not an answer: {', '.join(bad)}; answer with {VALID_ANSWERS}", hint="nothing was recorded")
    return grades


def flag_answers(flag: str | None) -> list[str] | None:
    """The grades of --answers (checked before anything is asked), or None without the flag."""
    if flag is None:
        return None
    words = [w for w in flag.split(",") if w.strip()]
    if not words:
        raise UsageError(f"{ANSWER_FLAG} is empty; give one answer per question: {VALID_ANSWERS}")
    return parse_answers(words)


def piped_answers(interactive: bool) -> list[str] | None:
    """Without --answers: one answer per line on stdin when it is not a terminal; None means ask."""
    if interactive:
        return None
    if sys.stdin is None or sys.stdin.isatty():
        raise UsageError(f"no answers: pass {ANSWER_FLAG} knew,partly,didnt (one per question), "
                         "pipe one answer per line, or run on a terminal")
    lines = [line for line in sys.stdin.read().splitlines() if line.strip()]
    if not lines:
        raise UsageError(f"no answers on stdin: pipe one answer per line ({VALID_ANSWERS}) or pass {ANSWER_FLAG}")
    return parse_answers(lines)


def record_answer(card: Card, roadmap: Roadmap, grade: str) -> Answer:
    """Schedule the card's next review and save it; a recall also finishes an unfinished question."""
    item = card.item
    with state.update_state() as current:
        record = state.item_record(current, roadmap.id, item.id, item.aliases)
        record["quiz"] = srs.schedule(record.get("quiz"), grade, clock.now(), clock.today())
        marked = grade != "didnt" and record.get("status") not in progress.FINISHED
        if marked:
            state.set_status(current, roadmap.id, item.id, "done")
        return Answer(card, grade, record["quiz"], marked)


def run(plan_: Plan, grade_for: Callable[[Card, int, int], str | None],
        on_answer: Callable[[Answer], None] | None = None) -> Session:
    """Ask each card through `grade_for` (None stops the session) and record its answer."""
    session = Session(plan_)
    total = len(plan_.cards)
    for number, card in enumerate(plan_.cards, 1):
        grade = grade_for(card, number, total)
        if grade is None:
            session.stopped = True
            break
        answer = record_answer(card, plan_.roadmap, grade)
        answer.number = number
        session.answers.append(answer)
        if on_answer:
            on_answer(answer)
    return session


def answer_all(plan_: Plan, grades: list[str], on_answer: Callable[[Answer], None] | None = None) -> Session:
    """Record piped answers, one per card in order. More answers than cards changes nothing (exit 2)."""
    if plan_.cards and len(grades) > len(plan_.cards):
        raise UsageError(f"{len(grades)} answers given but only {len(plan_.cards)} question(s) to ask",
                         hint="nothing was recorded; see what will be asked with: genai quiz --list")
    pending = iter(grades)
    return run(plan_, lambda card, number, total: next(pending, None), on_answer)
