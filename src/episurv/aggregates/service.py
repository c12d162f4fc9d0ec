"""Use cases of aggregate figures: submit (and correct) figures, read them as they stand now or
stood at a past moment, and list a figure's history.

A submission never overwrites: each figure sent is a new row of `aggregate_submissions`, and a
figure equal to the one in force is not sent again (re-running an import changes nothing). After
each write the daily rows of the touched (province, day) pairs are rebuilt from the submissions
(the latest of each figure), and a rebuilt row that differs closes the old version and opens a
new one, at the time of the write. So a report as of a moment reads the rows in force then.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import and_, func, insert, or_, select, update
from sqlalchemy.orm import Session

from episurv.accounts import audit
from episurv.accounts.scope import Forbidden, Scope
from episurv.aggregates.models import AggregateDay, AggregateSubmission
from episurv.aggregates.rules import MEASURES, STORED, combine, complete
from episurv.errors import InvalidInput
from episurv.geo.units import DISTRICT, PROVINCE, register

Progress = Callable[[int, int], None]

# Up to this many figures, the audit entry lists each changed figure with its old and new value;
# above, a summary (a file of 63 provinces x 700 days would make one entry of megabytes).
AUDIT_DETAIL_MAX = 200


@dataclass(frozen=True)
class Figure:
    """One value of one measure, for one unit (district_code 0: the province) and day."""

    province_code: int
    district_code: int
    day: date
    measure: str
    value: int


Key = tuple[int, int, date, str]


def submission_moments(session: Session, *, scope: Scope, day: date,
                       until: datetime | None = None, limit: int = 10
                       ) -> tuple[datetime | None, list[datetime]]:
    """The newest submission the caller may see (up to `until`), and the moments the figures of
    `day` changed, newest first."""
    t = AggregateSubmission
    latest = select(func.max(t.submitted_at))
    changes = (select(t.submitted_at).where(t.day == day).group_by(t.submitted_at)
               .order_by(t.submitted_at.desc()).limit(limit))
    if scope.province_code is not None:
        latest = latest.where(t.province_code == scope.province_code)
        changes = changes.where(t.province_code == scope.province_code)
    if until is not None:
        latest = latest.where(t.submitted_at <= utc(until))
    return session.scalar(latest), list(session.scalars(changes))


def utc(moment: datetime) -> datetime:
    """A moment in UTC, the zone every stored time is in (a naive moment is taken as UTC)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _day(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _moment(value: object) -> datetime:
    # SQLite hands back timestamps without their zone; they were written in UTC.
    if isinstance(value, datetime):
        return utc(value)
    return utc(datetime.fromisoformat(str(value)))


def check_scope(scope: Scope, province_code: int, district_code: int) -> None:
    if not scope.allows(province_code, district_code or None):
        raise Forbidden(f"province {province_code}"
                        + (f", district {district_code}" if district_code else "")
                        + " is outside your jurisdiction")


def latest_submissions(session: Session, pairs: Iterable[tuple[int, date]],
                       as_of: datetime | None = None) -> dict[Key, tuple[int, datetime, str]]:
    """The figure in force for every key of the given (province, day) pairs: (value,
    submitted_at, submitted_by) of its latest submission (at or before `as_of`)."""
    # One query per 500 days for every province at once (the national report asks for 63
    # provinces' day: one round trip, where one per province took most of its time); a pair
    # not asked for that the cross product brings in is left out.
    wanted = set(pairs)
    provinces = sorted({p for p, _day in wanted})
    days = sorted({d for _p, d in wanted})
    t = AggregateSubmission
    out: dict[Key, tuple[int, datetime, str]] = {}
    for start in range(0, len(days), 500):
        chunk = days[start:start + 500]
        query = (select(t.province_code, t.district_code, t.day, t.measure, t.value,
                        t.submitted_at, t.submitted_by)
                 .where(t.province_code.in_(provinces), t.day.in_(chunk))
                 .order_by(t.submitted_at, t.id))
        if as_of is not None:
            query = query.where(t.submitted_at <= utc(as_of))
        for province, district, day, measure, value, at, by in session.execute(query).all():
            day = _day(day)
            if (province, day) in wanted:
                out[(province, district, day, measure)] = (int(value), _moment(at), by)
    return out


def submit(session: Session, figures: Iterable[Figure], *, scope: Scope, source: str,
           note: str | None = None, at: datetime | None = None,
           progress: Progress | None = None) -> dict:
    """Record figures; a figure equal to the one in force is skipped. Returns counts of figures
    given, new (first value of a key), corrected (a different value) and unchanged.

    `at` stamps the write (default: now); it may not be earlier than a submission already made,
    so that what a report said at a past moment never changes.
    """
    scope.require_write()
    given = list(figures)
    for f in given:
        if f.measure not in MEASURES:
            raise InvalidInput(f"unknown measure {f.measure!r}; one of {', '.join(MEASURES)}")
        if f.value < 0:
            raise InvalidInput(f"{f.measure} {f.value}: must be 0 or more")
        check_scope(scope, f.province_code, f.district_code)
    now = utc(at) if at is not None else datetime.now(UTC)
    latest = session.scalar(select(func.max(AggregateSubmission.submitted_at)))
    if latest is not None and _moment(latest) > now:
        raise InvalidInput(f"submission time {now.isoformat()} is before the latest submission "
                           f"({_moment(latest).isoformat()}): figures are never backdated")
    pairs = {(f.province_code, f.day) for f in given}
    current = latest_submissions(session, pairs)
    new_rows, changes = [], {}
    counts = {"figures": len(given), "new": 0, "corrected": 0, "unchanged": 0}
    for f in given:
        key = (f.province_code, f.district_code, f.day, f.measure)
        before = current.get(key)
        if before is not None and before[0] == f.value:
            counts["unchanged"] += 1
            continue
        counts["new" if before is None else "corrected"] += 1
        current[key] = (f.value, now, scope.actor)
        changes[key] = [before[0] if before else None, f.value]
        new_rows.append({"province_code": f.province_code, "district_code": f.district_code,
                         "day": f.day, "measure": f.measure, "value": f.value,
                         "submitted_at": now, "submitted_by": scope.actor, "source": source,
                         "note": note})
    for start in range(0, len(new_rows), 20_000):
        session.execute(insert(AggregateSubmission), new_rows[start:start + 20_000])
        if progress:
            progress(min(start + 20_000, len(new_rows)), len(new_rows))
    touched = {(k[0], k[2]) for k in changes}
    counts["days_rebuilt"] = rebuild(session, touched, now, current)
    if changes:
        provinces = sorted({k[0] for k in changes})
        summary: dict = {"source": source, "note": note, **counts,
                         "provinces": provinces,
                         "days": [min(k[2] for k in changes).isoformat(),
                                  max(k[2] for k in changes).isoformat()]}
        if len(changes) <= AUDIT_DETAIL_MAX:
            summary["figures_changed"] = {
                f"{p}/{d}/{day.isoformat()}/{m}": v for (p, d, day, m), v in changes.items()}
        audit.record(session, scope, "submit", "aggregates", source[:100], changes=summary,
                     province_code=provinces[0] if len(provinces) == 1 else None)
    return counts


_STORED_COLUMNS = [getattr(AggregateDay, m) for m in STORED]


def rebuild(session: Session, pairs: set[tuple[int, date]], now: datetime,
            latest: dict[Key, tuple[int, datetime, str]] | None = None) -> int:
    """Recompute the daily rows (districts and province) of each (province, day) from its
    figures in force; close and replace the rows that changed. Returns rows replaced or added."""
    if not pairs:
        return 0
    from episurv.dataversion import bump

    bump(session, {p for p, _day in pairs})
    latest = latest if latest is not None else latest_submissions(session, pairs)
    raw: dict[tuple[int, date], dict[int, dict[str, int | None]]] = defaultdict(dict)
    for (p, d, day, m), (value, _at, _by) in latest.items():
        if (p, day) in pairs:
            raw[(p, day)].setdefault(d, {})[m] = value
    wanted: dict[tuple[int, int, date], dict[str, int | None]] = {}
    for (p, day), units in raw.items():
        districts = {d: v for d, v in units.items() if d}
        for d, values in districts.items():
            wanted[(p, d, day)] = complete(values)
        wanted[(p, 0, day)] = combine(units.get(0), districts.values())
    t = AggregateDay
    existing: dict[tuple[int, int, date], tuple[int, dict]] = {}
    days_by_province: dict[int, list[date]] = defaultdict(list)
    for p, day in pairs:
        days_by_province[p].append(day)
    for p, days in days_by_province.items():
        days.sort()
        for start in range(0, len(days), 500):
            rows = session.execute(
                select(t.id, t.district_code, t.day, *_STORED_COLUMNS)
                .where(t.province_code == p, t.valid_to.is_(None),
                       t.day.in_(days[start:start + 500]))).all()
            for row in rows:
                values = dict(zip(STORED, row[3:], strict=False))
                existing[(p, row[1], _day(row[2]))] = (row[0], values)
    close, add = [], []
    for key, values in wanted.items():
        old = existing.get(key)
        if old is not None and old[1] == values:
            continue
        if old is not None:
            close.append(old[0])
        add.append({"province_code": key[0], "district_code": key[1], "day": key[2],
                    "valid_from": now, "valid_to": None, **values})
    for start in range(0, len(close), 500):
        session.execute(update(t).where(t.id.in_(close[start:start + 500]))
                        .values(valid_to=now).execution_options(synchronize_session=False))
    for start in range(0, len(add), 20_000):
        session.execute(insert(t), add[start:start + 20_000])
    return len(add)


# --- reading ------------------------------------------------------------------------------

def in_force(as_of: datetime | None):
    """The condition on aggregate_days rows in force at `as_of` (None: now)."""
    t = AggregateDay
    if as_of is None:
        return t.valid_to.is_(None)
    moment = utc(as_of)
    return and_(t.valid_from <= moment, or_(t.valid_to.is_(None), t.valid_to > moment))


def community_days(session: Session, *, first: date, last: date,
                   province_code: int | None = None, as_of: datetime | None = None
                   ) -> list[tuple[int, int, date, int]]:
    """The community cases of every province (district 0) and district per day from `first` to
    `last`, as reported now or at `as_of` (the versions in force then, never a replaced one):
    (province, district, day, community) for the days whose figures give community cases."""
    t = AggregateDay
    query = select(t.province_code, t.district_code, t.day, t.community).where(
        in_force(as_of), t.day >= first, t.day <= last, t.community.is_not(None))
    if province_code is not None:
        query = query.where(t.province_code == province_code)
    return [(p, d, _day(day), int(n)) for p, d, day, n in session.execute(query)]


def latest_reported_day(session: Session, province_code: int | None = None) -> date | None:
    """The latest day with figures in force (of the province, or of any)."""
    query = select(func.max(AggregateDay.day)).where(in_force(None))
    if province_code is not None:
        query = query.where(AggregateDay.province_code == province_code)
    day = session.scalar(query)
    return _day(day) if day is not None else None


def unit_name(province_code: int, district_code: int) -> str:
    reg = register()
    name = reg.get(PROVINCE, province_code).short_name
    if district_code:
        name += ", " + reg.get(DISTRICT, district_code).short_name
    return name


def list_figures(session: Session, *, scope: Scope, province_code: int | None = None,
                 district_code: int | None = None, since: date | None = None,
                 until: date | None = None, as_of: datetime | None = None,
                 districts: bool = False) -> list[dict]:
    """Daily figures in force (now or at `as_of`) of the units inside `scope`: provinces, or
    with `districts` their districts, one dict per unit and day."""
    from episurv.accounts.scope import scoped

    t = AggregateDay
    query = select(t.province_code, t.district_code, t.day, *_STORED_COLUMNS).where(
        in_force(as_of))
    query = scoped(query, scope, t)
    if province_code is not None:
        query = query.where(t.province_code == province_code)
    if district_code is not None:
        query = query.where(t.district_code == district_code)
    elif not districts:
        query = query.where(t.district_code == 0)
    else:
        query = query.where(t.district_code != 0)
    if since is not None:
        query = query.where(t.day >= since)
    if until is not None:
        query = query.where(t.day <= until)
    query = query.order_by(t.day, t.province_code, t.district_code)
    return [{"date": _day(r[2]).isoformat(), "province_code": r[0],
             "district_code": r[1] or None, "unit": unit_name(r[0], r[1]),
             **{m: r[3 + i] for i, m in enumerate(STORED)}}
            for r in session.execute(query).all()]


def history(session: Session, *, scope: Scope, province_code: int, day: date,
            district_code: int = 0, measure: str | None = None) -> list[dict]:
    """Every submission of a unit's figures of one day, oldest first: the value, who sent it,
    when, from where, and whether it was in force or replaced."""
    check_scope(scope, province_code, district_code)
    t = AggregateSubmission
    query = (select(t.measure, t.value, t.submitted_at, t.submitted_by, t.source, t.note)
             .where(t.province_code == province_code, t.district_code == district_code,
                    t.day == day).order_by(t.measure, t.submitted_at, t.id))
    if measure is not None:
        query = query.where(t.measure == measure)
    rows = session.execute(query).all()
    out = []
    for i, (m, value, at, by, source, note) in enumerate(rows):
        later = i + 1 < len(rows) and rows[i + 1][0] == m
        out.append({"measure": m, "value": int(value), "submitted_at": _moment(at).isoformat(),
                    "submitted_by": by, "source": source, "note": note,
                    "status": "replaced" if later else "in force"})
    return out

