"""Use cases of exposure notices: record a case's movement history, publish notices from it,
withdraw them, and list them publicly (no personal data: only the place, its ward and district,
the day and the hours).

Which visits become notices: those outside the home (a home address is personal data, and the
household is traced as contacts, not by a public notice). Two cases at the same place in the
same hours give one notice.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from episurv.accounts import audit
from episurv.accounts.scope import Scope, scoped
from episurv.cases.models import Case
from episurv.clusters.suggest import place_key
from episurv.config import get_settings
from episurv.core.days import read_day
from episurv.core.i18n import N_
from episurv.errors import InvalidInput, NotFound
from episurv.exposures import render as R
from episurv.exposures.models import VISIT_KINDS, CaseVisit, ExposureNotice
from episurv.geo.units import DISTRICT, PROVINCE, WARD, register


def hotline() -> str:
    """The Ministry of Health's hotline (1900 9095) unless the city sets its own
    (EPISURV_HOTLINE)."""
    return get_settings().hotline


def _now() -> datetime:
    return datetime.now(UTC)


def _time(value: object, field: str) -> time | None:
    if value is None or value == "":
        return None
    if isinstance(value, time):
        return value
    text = str(value).strip().lower().replace("h", ":")
    if text.endswith(":"):
        text += "00"
    try:
        hour, minute = text.split(":")
        return time(int(hour), int(minute or 0))
    except ValueError:
        raise InvalidInput(f"{field} {value!r} is not a time (HH:MM or 9h30)",
                           [{"field": field, "value": str(value),
                             "message": "not a time"}]) from None


def add_visits(session: Session, *, scope: Scope, case_id: str, visits: list[dict]) -> list[dict]:
    """Record places a case was at (kind home, workplace or visit; place; the place's address;
    ward/district; day; hours)."""
    scope.require_write()
    case = session.scalar(scoped(select(Case).where(Case.case_id == case_id), scope, Case))
    if case is None:
        raise NotFound(N_("no case %(case)r"), code="no_case", case=case_id)
    reg = register()
    added = []
    for i, v in enumerate(visits, start=1):
        kind = v.get("kind") or "visit"
        if kind not in VISIT_KINDS:
            raise InvalidInput(f"visit {i}: kind must be one of {', '.join(VISIT_KINDS)}")
        place = " ".join(str(v.get("place") or "").split())
        if not place:
            raise InvalidInput(f"visit {i}: place is required")
        # A day as a person types it (core.days.read_day: "2021-11-07", "7/11/2021").
        day = v["day"] if isinstance(v.get("day"), date) else read_day(
            str(v.get("day") or ""), f"visit {i}: day")
        start, end = _time(v.get("start"), "start"), _time(v.get("end"), "end")
        if start and end and end < start:
            raise InvalidInput(f"visit {i}: ends ({end:%H:%M}) before it starts ({start:%H:%M})")
        d_code = w_code = None
        if v.get("district"):
            d_code = reg.resolve(v["district"], DISTRICT, case.province_code).code
        if v.get("ward"):
            unit = reg.resolve(v["ward"], WARD, d_code, province=case.province_code)
            w_code, d_code = unit.code, d_code or unit.parent_code
        visit = CaseVisit(case_id=case.id, province_code=case.province_code,
                          district_code=d_code, ward_code=w_code, kind=kind, place=place,
                          address=(v.get("address") or None), day=day, start_time=start,
                          end_time=end)
        added.append(visit)
    # Added once every visit is read: a visit refused leaves none of the others recorded.
    session.add_all(added)
    session.flush()
    audit.record(session, scope, "visits", "case", case_id,
                 changes={"visits_added": len(added)}, province_code=case.province_code)
    return [_visit_dict(v) for v in added]


def _visit_dict(v: CaseVisit) -> dict:
    return {"id": v.id, "kind": v.kind, "place": v.place, "address": v.address,
            "day": v.day.isoformat(), "start": v.start_time.strftime("%H:%M") if v.start_time
            else None, "end": v.end_time.strftime("%H:%M") if v.end_time else None}


def publish_from_case(session: Session, *, scope: Scope, case_id: str,
                      since: date | None = None) -> dict:
    """Publish notices for the case's visits outside the home (from `since`) made during the
    case's infectious period (11042/BYT-DP, as contact tracing computes it); a visit outside
    it is left out, with the reason. A place already published for the same day and hours is
    not published twice. Returns {"published": [public notices], "left_out": [...]}."""
    from episurv.contacts.chain import exposure_flag
    from episurv.contacts.service import source_period

    scope.require_write()
    case = session.scalar(scoped(select(Case).where(Case.case_id == case_id), scope, Case))
    if case is None:
        raise NotFound(N_("no case %(case)r"), code="no_case", case=case_id)
    query = select(CaseVisit).where(CaseVisit.case_id == case.id, CaseVisit.kind != "home")
    if since:
        query = query.where(CaseVisit.day >= since)
    published, left_out = [], []
    period = source_period(session, case)
    for visit in session.scalars(query.order_by(CaseVisit.day, CaseVisit.start_time)):
        reason = exposure_flag(visit.day, period)
        if reason is not None:
            # Nobody could have been infected there: a notice would only send people to test.
            left_out.append({"date": visit.day.isoformat(), "place": visit.place,
                             "reason": reason.replace("exposure", "visit", 1)
                             .replace("the source's", "the case's")})
            continue
        notice = publish_notice(
            session, scope=scope, province_code=visit.province_code,
            district_code=visit.district_code, ward_code=visit.ward_code, place=visit.place,
            address=visit.address, day=visit.day, start_time=visit.start_time,
            end_time=visit.end_time, visit_id=visit.id, origin={"case": case_id})
        if notice is not None:
            published.append(notice)
    return {"published": [public_notice(n) for n in published], "left_out": left_out}


def publish_notice(session: Session, *, scope: Scope, province_code: int,
                   district_code: int | None, ward_code: int | None, place: str,
                   address: str | None, day: date, start_time: time | None,
                   end_time: time | None, visit_id: int | None = None,
                   origin: dict) -> ExposureNotice | None:
    """Publish one notice (audited with where it came from: a case's visit, a bulletin), unless
    the same place is already published for the same day and hours."""
    scope.require_write()
    key = place_key(place, address) or ""
    same = session.scalar(select(ExposureNotice).where(
        ExposureNotice.province_code == province_code,
        ExposureNotice.place_key == key, ExposureNotice.day == day,
        ExposureNotice.start_time.is_(None) if start_time is None
        else ExposureNotice.start_time == start_time,
        ExposureNotice.end_time.is_(None) if end_time is None
        else ExposureNotice.end_time == end_time,
        ExposureNotice.withdrawn_at.is_(None)))
    if same is not None:
        return None
    notice = ExposureNotice(
        province_code=province_code, district_code=district_code, ward_code=ward_code,
        place=place, place_key=key, address=address, day=day, start_time=start_time,
        end_time=end_time, visit_id=visit_id, published_at=_now(), published_by=scope.actor)
    session.add(notice)
    session.flush()
    audit.record(session, scope, "publish", "exposure_notice", str(notice.id),
                 changes={**origin, "place": place, "day": day.isoformat()},
                 province_code=province_code)
    return notice


def withdraw_notice(session: Session, *, scope: Scope, notice_id: int, reason: str) -> dict:
    scope.require_write()
    notice = session.scalar(scoped(select(ExposureNotice).where(
        ExposureNotice.id == notice_id), scope, ExposureNotice))
    if notice is None:
        raise NotFound(f"no notice {notice_id}")
    notice.withdrawn_at, notice.withdrawn_by = _now(), scope.actor
    audit.record(session, scope, "withdraw", "exposure_notice", str(notice_id),
                 changes={"withdrawn": [None, notice.withdrawn_at.isoformat()],
                          "reason": reason}, province_code=notice.province_code)
    return public_notice(notice)


def _unit(level: str, code: int | None) -> R.Unit | None:
    if code is None:
        return None
    unit = register().get(level, code)
    return R.Unit(unit.division_type, unit.short_name)


def as_render(n: ExposureNotice) -> R.Notice:
    return R.Notice(n.day, n.place, n.start_time, n.end_time, n.address,
                    _unit(WARD, n.ward_code), _unit(DISTRICT, n.district_code))


def public_notice(n: ExposureNotice) -> dict:
    """The public fields of a notice, and nothing else (no case, no visit, no person)."""
    reg = register()
    return {"id": n.id, "province": reg.get(PROVINCE, n.province_code).short_name,
            "district": reg.get(DISTRICT, n.district_code).short_name if n.district_code
            else None,
            "ward": reg.get(WARD, n.ward_code).short_name if n.ward_code else None,
            "place": n.place, "address": n.address, "date": n.day.isoformat(),
            "start": n.start_time.strftime("%H:%M") if n.start_time else None,
            "end": n.end_time.strftime("%H:%M") if n.end_time else None,
            "text_vi": R.place_text(as_render(n), "vi"),
            "text_en": R.place_text(as_render(n), "en")}


def public_exposures(session: Session, *, province: str, since: date | None = None,
                     until: date | None = None, district: str | None = None,
                     lang: str = "vi", today: date | None = None) -> dict:
    """Published, not withdrawn notices of a province (optionally of one district, from
    `since`), as JSON items and as bulletin text. Public: no scope, no personal data."""
    reg = register()
    prov = reg.resolve(province, PROVINCE)
    query = select(ExposureNotice).where(ExposureNotice.province_code == prov.code,
                                         ExposureNotice.withdrawn_at.is_(None))
    if district:
        query = query.where(ExposureNotice.district_code == reg.resolve(
            district, DISTRICT, prov.code).code)
    if since:
        query = query.where(ExposureNotice.day >= since)
    if until:
        query = query.where(ExposureNotice.day <= until)
    notices = list(session.scalars(query.order_by(ExposureNotice.day,
                                                  ExposureNotice.start_time,
                                                  ExposureNotice.id)))
    text = R.render_notices([as_render(n) for n in notices], lang, hotline=hotline(),
                            updated=today, area=prov.short_name)
    return {"province": prov.short_name, "since": since.isoformat() if since else None,
            "hotline": hotline(), "lang": lang, "text": text,
            "notices": [public_notice(n) for n in notices]}
