"""A station's worklist at a moment: who is due a check-in, who missed one, alerts with their
reasons, who is due a test, who is due release — most urgent first.

Check-ins are due twice a day (the health record of 261/QĐ-BYT: morning and afternoon). The due
times, 08:00 and 16:00, are the station's choice (configurable, not in the decision). A check-in
answers a due time when it was made in that half-day (morning: 00:00–12:00, afternoon:
12:00–24:00) or later. A due time with no answer 12 hours after it is itself an alert: someone
must visit (issue 12: "the danger is the person whose oxygen falls at night").

Urgency: red alert (transfer now) > missed check-in (visit) > yellow alert (call today) >
check-in due > test due > release due. Pure: plain values in, sorted items out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from episurv.homecare.release import RapidResult, Release, release_on

DUE_TIMES = (time(8, 0), time(16, 0))
MISSED_AFTER = timedelta(hours=12)
NOON = time(12, 0)

RANKS = ("red", "missed", "yellow", "checkin_due", "test_due", "release_due")


@dataclass(frozen=True)
class Alert:
    id: int
    colour: str
    reasons: tuple[str, ...]
    at: datetime


@dataclass(frozen=True)
class Person:
    id: int
    care_start: date
    fully_vaccinated: bool
    last_checkin_at: datetime | None = None
    alerts: tuple[Alert, ...] = ()
    tests: tuple[RapidResult, ...] = ()
    extra: dict = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Item:
    person: Person
    tags: tuple[str, ...]
    rank: int
    since: datetime | None
    missed_due: datetime | None
    release: Release


def _half_day_start(due: datetime) -> datetime:
    return due.replace(hour=0 if due.time() < NOON else 12, minute=0, second=0, microsecond=0)


def due_moments(day: date, tz) -> list[datetime]:
    return [datetime.combine(day, t, tzinfo=tz) for t in DUE_TIMES]


def last_due(before: datetime, start: date) -> datetime | None:
    """The latest due time at or before `before` on or after the day care started."""
    for back in range(0, 3):
        day = before.date() - timedelta(days=back)
        if day < start:
            return None
        for due in reversed(due_moments(day, before.tzinfo)):
            if due <= before:
                return due
    return None


def answered(due: datetime, last_checkin: datetime | None) -> bool:
    return last_checkin is not None and last_checkin >= _half_day_start(due)


def checkin_state(now: datetime, start: date, last_checkin: datetime | None
                  ) -> tuple[str | None, datetime | None]:
    """("missed", due) when a due time went 12 hours unanswered; ("due", due) when the
    latest due time is not answered yet; (None, None) otherwise."""
    overdue = last_due(now - MISSED_AFTER, start)
    if overdue is not None and not answered(overdue, last_checkin):
        return "missed", overdue
    current = last_due(now, start)
    if current is not None and not answered(current, last_checkin):
        return "due", current
    return None, None


def item_for(p: Person, now: datetime) -> Item:
    tags: list[str] = []
    since: datetime | None = None
    reds = [a for a in p.alerts if a.colour == "red"]
    yellows = [a for a in p.alerts if a.colour == "yellow"]
    if reds:
        tags.append("red")
        since = min(a.at for a in reds)
    state, due = checkin_state(now, p.care_start, p.last_checkin_at)
    if state == "missed":
        tags.append("missed")
        since = since or due
    if yellows:
        tags.append("yellow")
        since = since or min(a.at for a in yellows)
    if state == "due":
        tags.append("checkin_due")
    release = release_on(p.care_start, max(now.date(), p.care_start), p.fully_vaccinated,
                         list(p.tests))
    if release.releasable:
        tags.append("release_due")
    elif release.test_due is not None and release.test_due <= now.date():
        tags.append("test_due")
    rank = min((RANKS.index(t) for t in tags), default=len(RANKS))
    return Item(p, tuple(sorted(tags, key=RANKS.index)), rank, since,
                due if state == "missed" else None, release)


def worklist(people: list[Person], now: datetime) -> list[Item]:
    """Every person's item, most urgent first; within a rank the longest waiting first."""
    items = [item_for(p, now) for p in people]
    far = datetime.max.replace(tzinfo=now.tzinfo)
    return sorted(items, key=lambda i: (i.rank, i.since or far, i.person.id))
