"""The follow-up of the day: who the station must call or test today, and who missed one.

Read from the contact rows alone (next_test_on and last_call_on are kept current on write), so
the day's list is one indexed range scan of the contacts still followed, whatever the size of the
follow-up log. The rules:
- a call is due every day of the quarantine (quarantine_start..quarantine_end) until made;
- a call is missed when yesterday was a quarantine day and no call was made on or after it;
- a test is due on its scheduled day (the plan of the rule in force) and missed once the day
  has passed without a result;
- self-monitoring days need no call; contacts who became cases or were closed are not followed.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from episurv.accounts.scope import Scope, scoped
from episurv.contacts.models import Contact
from episurv.errors import InvalidInput
from episurv.geo.units import PROVINCE, WARD, register

FOLLOWED = ("active", "declared")


def _conditions(day: date):
    yesterday = day - timedelta(days=1)
    in_quarantine = and_(Contact.quarantine_end.is_not(None), Contact.quarantine_end >= day)
    call_due = and_(in_quarantine, or_(Contact.last_call_on.is_(None),
                                       Contact.last_call_on < day))
    call_missed = and_(Contact.quarantine_start <= yesterday,
                       Contact.quarantine_end.is_not(None), Contact.quarantine_end >= yesterday,
                       or_(Contact.last_call_on.is_(None), Contact.last_call_on < yesterday))
    test_due = Contact.next_test_on == day
    test_missed = Contact.next_test_on < day
    return in_quarantine, call_due, call_missed, test_due, test_missed


def _base(scope: Scope, province_code: int | None, day: date):
    query = select().select_from(Contact).where(
        Contact.status.in_(FOLLOWED), Contact.follow_end >= day,
        Contact.quarantine_start <= day)
    if province_code is not None:
        query = query.where(Contact.province_code == province_code)
    return scoped(query, scope, Contact)


def followup_day(session: Session, *, scope: Scope, day: date, province: str | None = None,
                 ward: str | None = None, team: str | None = None, limit: int = 200,
                 offset: int = 0) -> dict:
    """Counts per station (ward) and team, and the people to act on, most urgent first:
    missed tests, missed calls, tests due, calls due; then the others followed."""
    if not date(1900, 1, 1) <= day <= date(9999, 1, 1):
        # The day's windows reach back and forward from it: a day at the calendar's edge
        # (0001-01-01) has no such window, and is no follow-up day of this system anyway.
        raise InvalidInput(f"date {day.isoformat()} is outside the years 1900 to 9999")
    reg = register()
    p_code = reg.resolve(province, PROVINCE).code if province else scope.province_code
    in_q, call_due, call_missed, test_due, test_missed = _conditions(day)

    def flag(cond):
        # COUNT(*) FILTER: one cheap test per row (SQLite >= 3.30 and PostgreSQL).
        return func.count().filter(cond)

    base = _base(scope, p_code, day)
    if ward:
        base = base.where(Contact.ward_code == reg.resolve(ward, WARD, province=p_code).code)
    if team:
        base = base.where(Contact.team == team)
    summary_rows = session.execute(base.add_columns(
        Contact.ward_code, Contact.team, func.count(), flag(in_q), flag(call_due),
        flag(call_missed), flag(test_due), flag(test_missed))
        .group_by(Contact.ward_code, Contact.team)).all()
    stations = []
    for w, t, n, q, cd, cm, td, tm in summary_rows:
        stations.append({"ward_code": w, "ward": reg.get(WARD, w).short_name if w else None,
                         "team": t, "followed": int(n), "in_quarantine": int(q or 0),
                         "call_due": int(cd or 0), "call_missed": int(cm or 0),
                         "test_due": int(td or 0), "test_missed": int(tm or 0)})
    stations.sort(key=lambda s: (-(s["test_missed"] + s["call_missed"]), s["ward"] or "",
                                 s["team"] or ""))
    totals = {k: sum(s[k] for s in stations) for k in
              ("followed", "in_quarantine", "call_due", "call_missed", "test_due",
               "test_missed")}

    # The most urgent ids first (read from the covering index alone), then the details of
    # just that page.
    urgency = case((test_missed, 0), (call_missed, 1), (test_due, 2), (call_due, 3), else_=4)
    keys = session.execute(
        base.add_columns(Contact.province_code, Contact.id)
        .order_by(urgency, Contact.ward_code, Contact.id).limit(limit).offset(offset)).all()
    page = [i for _p, i in keys]
    rank = {ident: n for n, ident in enumerate(page)}
    rows = sorted(session.execute(select(
        Contact.id, Contact.contact_code, Contact.level, Contact.name, Contact.phone,
        Contact.ward_code, Contact.team, Contact.exposure_date, Contact.quarantine_start,
        Contact.quarantine_end, Contact.follow_end, Contact.next_test_on, Contact.last_call_on,
        Contact.setting, Contact.policy, Contact.status).where(
            # The key is (province_code, id): with the provinces named, each id is one probe
            # of its partition's key, where id alone read every partition (benchmarks/
            # bench_scale.py: a city's page of 200 took 96 of its 270 ms at 100,000 cases).
            Contact.province_code.in_(sorted({p for p, _i in keys})),
            Contact.id.in_(page))).all(),
        key=lambda r: rank[r[0]]) if page else []
    items = [followup_item(
        day, contact_code=code, level=level, name=name, phone=phone, ward_code=w, team=t,
        exposure_date=exposure, quarantine_start=q_start, quarantine_end=q_end,
        follow_end=f_end, next_test_on=next_test, last_call_on=last_call, setting=setting,
        policy=policy, status=status)
        for (_id, code, level, name, phone, w, t, exposure, q_start, q_end, f_end, next_test,
             last_call, setting, policy, status) in rows]
    return {"date": day.isoformat(), "totals": totals, "stations": stations, "items": items,
            "limit": limit, "offset": offset}


def followup_item(day: date, *, contact_code: str, level: str, name: str | None,
                  phone: str | None, ward_code: int | None, team: str | None,
                  exposure_date: date, quarantine_start: date, quarantine_end: date | None,
                  follow_end: date, next_test_on: date | None, last_call_on: date | None,
                  setting: str | None, policy: str | None, status: str) -> dict:
    """One person of the day's list and what is due or missed (the one place these rules
    live: the list and the redrawn row of a page use it alike)."""
    yesterday = day - timedelta(days=1)
    quarantined = quarantine_end is not None and quarantine_end >= day
    return {
        "contact_code": contact_code, "level": level, "name": name, "phone": phone,
        "ward": register().get(WARD, ward_code).short_name if ward_code else None,
        "team": team, "status": status, "phase": "quarantine" if quarantined else "monitoring",
        "day_of_quarantine": (day - exposure_date).days if quarantined else None,
        "quarantine_end": quarantine_end.isoformat() if quarantine_end else None,
        "follow_end": follow_end.isoformat(), "setting": setting, "policy": policy,
        "call_due": quarantined and (last_call_on is None or last_call_on < day),
        "call_missed": (quarantine_start <= yesterday and quarantine_end is not None
                        and quarantine_end >= yesterday
                        and (last_call_on is None or last_call_on < yesterday)),
        "test_due": next_test_on == day,
        "test_missed": next_test_on is not None and next_test_on < day,
        "next_test_on": next_test_on.isoformat() if next_test_on else None,
        "last_call_on": last_call_on.isoformat() if last_call_on else None,
    }
