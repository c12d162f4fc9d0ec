"""Use cases of care at home: stations and their logs, households and people, intake against the
eligibility rule in force, check-ins (by staff or through the personal link) triaged at once,
alerts, the worklist, tests, release and outcomes (flowing to the case register), medicine.

Every read of people goes through `scoped` (people and households carry province, district and
ward); stations are seen by the wards they cover. Writes check the scope and are audited, except
check-ins, which are themselves an append-only record of who sent them (staff email or "self").
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from uuid import UUID

from sqlalchemy import bindparam, exists, func, insert, or_, select, text, update
from sqlalchemy.orm import Session

from episurv.accounts import audit
from episurv.accounts.models import User
from episurv.accounts.scope import Scope, scoped
from episurv.core.i18n import N_
from episurv.core.time import LOCAL, local_today
from episurv.errors import Conflict, InvalidInput, NotFound
from episurv.geo.units import DISTRICT, PROVINCE, WARD, register
from episurv.homecare import eligibility, limits, packages, triage
from episurv.homecare import worklist as W
from episurv.homecare.models import (
    Alert,
    Assessment,
    CheckIn,
    Dispensing,
    Household,
    Person,
    RapidTest,
    ReleaseRecord,
    Station,
    StationLog,
    StationStaff,
    StationWard,
)
from episurv.homecare.release import RapidResult, release_on
from episurv.homecare.release import read as read_reason
from episurv.homecare.schemas import (
    AlertResolution,
    AssessmentIn,
    CheckInIn,
    CheckInRecord,
    CheckInStored,
    DispensingOut,
    HouseholdMembers,
    HouseholdOut,
    IntakeResult,
    PersonAtHome,
    PersonDetail,
    PersonIn,
    RapidTestOut,
    ReleaseCertificate,
    SelfCheckIn,
    StationActivity,
    StationDetail,
    StationLogEntry,
    StationSummary,
    Worklist,
)

# The personal link stays valid until release, transfer or death, and never past day 21
# (the longest isolation of any rule is 14 days; a week's margin for a late release test).
LINK_DAYS = 21
FLAGS = ("chronic", "pregnant", "breastfeeding", "liver_disease", "kidney_disease",
         "gastric_disease", "bleeding_risk")


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes; they were written in UTC.
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def age_on(p: Person, day: date) -> int | None:
    """Age in years on `day` from the year of birth (the station's lists carry the year)."""
    return None if p.birth_year is None else day.year - p.birth_year


def fully_vaccinated(p: Person) -> bool:
    return (p.vaccine_doses or 0) >= 2


# --- stations ------------------------------------------------------------------------------

def _stations(scope: Scope):
    """Stations inside the scope: those covering one of a station account's wards, else by
    province and district."""
    query = select(Station)
    if scope.ward_codes:
        return query.where(exists().where(
            StationWard.province_code == Station.province_code,
            StationWard.station_id == Station.id,
            StationWard.ward_code.in_(sorted(scope.ward_codes))))
    if scope.province_code is not None:
        query = query.where(Station.province_code == scope.province_code)
    if scope.district_code is not None:
        query = query.where(Station.district_code == scope.district_code)
    return query


def get_station(session: Session, station_id: int, *, scope: Scope) -> Station:
    # A station's page reads it through several functions (its "now", activity, households):
    # read once per unit of work and scope. Stations are never deleted, and the session's one
    # object carries any change made to it.
    read = session.info.setdefault("homecare_stations", {})
    station = read.get((station_id, scope))
    if station is None:
        station = session.scalar(_stations(scope).where(Station.id == station_id))
        if station is None:
            raise NotFound(N_("no station %(station)s"), code="no_station",
                           station=str(station_id))
        read[(station_id, scope)] = station
    return station


def station_province(session: Session, station_id: int, *, scope: Scope) -> int:
    """The province of a station inside the scope (what the writes of its people are keyed
    by); otherwise not found."""
    return get_station(session, station_id, scope=scope).province_code


def station_wards(session: Session, station: Station) -> list[int]:
    return list(session.scalars(select(StationWard.ward_code).where(
        StationWard.province_code == station.province_code,
        StationWard.station_id == station.id).order_by(StationWard.ward_code)))


def create_station(session: Session, *, scope: Scope, name: str, kind: str, province: str,
                   district: str, wards: list[str], capacity: int) -> StationSummary:
    scope.require_write()
    scope.require_role("admin", "national", "province", "district")
    reg = register()
    p = reg.resolve(province, PROVINCE).code
    d = reg.resolve(district, DISTRICT, p).code
    codes = []
    for w in wards:
        try:
            codes.append(reg.resolve(w, WARD, d).code)
        except InvalidInput as exc:
            raise InvalidInput(N_("ward %(ward)r: %(problem)s"), code="station_ward",
                               ward=w, problem=exc) from None
    if not scope.allows(p, d):
        raise InvalidInput(N_("district %(district)r is outside your jurisdiction"),
                           code="district_outside_scope", district=district)
    if session.scalar(select(Station.id).where(Station.province_code == p,
                                               Station.name == name.strip())):
        raise Conflict(N_("a station named %(name)r exists already in this province"),
                       code="station_exists", name=name.strip())
    station = Station(province_code=p, district_code=d, name=name.strip(), kind=kind,
                      capacity=capacity, created_at=_now())
    session.add(station)
    session.flush()
    for code in sorted(set(codes)):
        session.add(StationWard(province_code=p, station_id=station.id, ward_code=code))
    audit.record(session, scope, "create", "station", str(station.id),
                 changes=audit.diff(None, {"name": station.name, "kind": kind,
                                           "wards": sorted(set(codes)), "capacity": capacity}),
                 province_code=p)
    session.flush()
    return _summary(session, station)


def add_staff(session: Session, *, scope: Scope, station_id: int, email: str
              ) -> StationSummary:
    scope.require_write()
    station = get_station(session, station_id, scope=scope)
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None or user.role != "station":
        raise InvalidInput(N_("email %(email)r: no account with the role 'station'"),
                           code="no_station_account", email=email)
    if not session.get(StationStaff, (station.province_code, station.id, user.id)):
        session.add(StationStaff(province_code=station.province_code, station_id=station.id,
                                 user_id=user.id))
        audit.record(session, scope, "update", "station", str(station.id),
                     changes={"staff": [None, user.email]}, province_code=station.province_code)
    session.flush()
    return _summary(session, station)


def station_summary(session: Session, station_id: int, *, scope: Scope) -> StationSummary:
    return _summary(session, get_station(session, station_id, scope=scope))


def _summary(session: Session, station: Station) -> StationSummary:
    reg = register()
    followed = session.scalar(select(func.count()).select_from(Person).join(
        Household, (Household.province_code == Person.province_code)
        & (Household.id == Person.household_id)).where(
        Household.province_code == station.province_code, Household.station_id == station.id,
        Person.care_status == "home")) or 0
    staff = session.scalars(select(User.email).join(
        StationStaff, StationStaff.user_id == User.id).where(
        StationStaff.province_code == station.province_code,
        StationStaff.station_id == station.id).order_by(User.email)).all()
    return StationSummary(
        id=station.id, province_code=station.province_code, name=station.name,
        kind=station.kind, district=reg.get(DISTRICT, station.district_code).name,
        wards=[reg.get(WARD, w).name for w in station_wards(session, station)],
        capacity=station.capacity, f0_at_home=followed, staff=list(staff))


def station_detail(session: Session, station_id: int, *, scope: Scope,
                   until: date | None = None) -> StationDetail:
    """The station, and its five tasks' counts per day for 14 days up to `until` (default:
    the day of `latest_moment`)."""
    station = get_station(session, station_id, scope=scope)
    day = until or latest_moment(session, scope=scope, station_id=station_id).date()
    return StationDetail(**dict(_summary(session, station)),
                         activity=activity(session, scope=scope, station_id=station_id,
                                           until=day))


def list_stations(session: Session, *, scope: Scope) -> list[StationSummary]:
    return [_summary(session, s) for s in session.scalars(
        _stations(scope).order_by(Station.province_code, Station.name))]


def log_activity(session: Session, *, scope: Scope, station_id: int, day: date, task: str,
                 count: int, note: str | None = None) -> StationLogEntry:
    scope.require_write()
    station = get_station(session, station_id, scope=scope)
    entry = StationLog(province_code=station.province_code, station_id=station.id, day=day,
                       task=task, count=count, note=note, by=scope.actor)
    session.add(entry)
    session.flush()
    return StationLogEntry(id=entry.id, date=day.isoformat(), task=task, count=count, note=note)


def activity(session: Session, *, scope: Scope, station_id: int, until: date,
             days: int = 14) -> StationActivity:
    """The five tasks' counts per day for the `days` days up to `until`: {day: {task: n}}."""
    station = get_station(session, station_id, scope=scope)
    since = until - timedelta(days=days - 1)
    rows = session.execute(select(StationLog.day, StationLog.task, func.sum(StationLog.count))
                           .where(StationLog.province_code == station.province_code,
                                  StationLog.station_id == station.id,
                                  StationLog.day >= since, StationLog.day <= until)
                           .group_by(StationLog.day, StationLog.task)).all()
    out: dict[str, dict[str, int]] = {}
    for day, task, n in rows:
        out.setdefault(day.isoformat(), {})[task] = int(n)
    return StationActivity(dict(sorted(out.items(), reverse=True)))


# --- households and people -----------------------------------------------------------------

def add_household(session: Session, *, scope: Scope, station_id: int, code: str, ward: str,
                  address: str | None = None, phone: str | None = None) -> HouseholdOut:
    scope.require_write()
    station = get_station(session, station_id, scope=scope)
    reg = register()
    try:
        unit = reg.resolve(ward, WARD, station.district_code)
    except InvalidInput as exc:
        raise InvalidInput(N_("ward %(ward)r: %(problem)s"), code="household_ward",
                           ward=ward, problem=exc) from None
    if unit.code not in station_wards(session, station):
        raise InvalidInput(N_("ward %(ward)r is not covered by station %(station)r"),
                           code="ward_not_covered", ward=ward, station=station.name)
    if not scope.allows(station.province_code, station.district_code, unit.code):
        raise InvalidInput(N_("ward %(ward)r is outside your jurisdiction"),
                           code="ward_outside_scope", ward=ward)
    if session.scalar(select(Household.id).where(
            Household.province_code == station.province_code,
            Household.station_id == station.id, Household.code == code.strip())):
        raise Conflict(N_("household %(household)r exists already at this station"),
                       code="household_exists", household=code.strip())
    h = Household(province_code=station.province_code, station_id=station.id,
                  district_code=station.district_code, ward_code=unit.code, code=code.strip(),
                  address=address, phone=phone)
    session.add(h)
    session.flush()
    audit.record(session, scope, "create", "household", f"{h.province_code}:{h.id}",
                 changes={"code": [None, h.code], "ward_code": [None, unit.code]},
                 province_code=h.province_code)
    return HouseholdOut(id=h.id, province_code=h.province_code, code=h.code, ward=unit.name,
                        address=address, phone=phone)


def get_household(session: Session, province_code: int, household_id: int, *,
                  scope: Scope) -> Household:
    h = session.scalar(scoped(select(Household).where(
        Household.province_code == province_code, Household.id == household_id), scope,
        Household))
    if h is None:
        raise NotFound(N_("no household %(household)s"), code="no_household",
                       household=str(household_id))
    return h


def add_person(session: Session, *, scope: Scope, province_code: int, household_id: int,
               values: PersonIn) -> PersonAtHome:
    scope.require_write()
    h = get_household(session, province_code, household_id, scope=scope)
    v = values.model_dump()
    case_id = (v.pop("case_id") or "").strip().upper() or None
    if case_id:
        from episurv.cases import service as cases

        try:
            case = cases.get_case(session, case_id, scope=scope)
        except NotFound:
            raise InvalidInput(N_("case_id %(case)r: no such case in your jurisdiction"),
                               code="person_case_unknown", case=case_id) from None
        if v["role"] != "F0":
            raise InvalidInput(N_("case_id %(case)r is given for a person whose role is "
                                  "%(role)s (a case is an F0)"),
                               code="person_case_not_f0", case=case_id, role=v["role"])
    p = Person(province_code=h.province_code, household_id=h.id,
               district_code=h.district_code, ward_code=h.ward_code, care_status="none",
               case_province_code=case.province_code if case_id else None, case_id=case_id,
               version=1, **v)
    session.add(p)
    session.flush()
    audit.record(session, scope, "create", "homecare_person", f"{p.province_code}:{p.id}",
                 changes={"household": [None, h.code], "role": [None, p.role]},
                 province_code=p.province_code)
    return person_values(p)


def get_person(session: Session, province_code: int, person_id: int, *, scope: Scope
               ) -> Person:
    p = session.scalar(scoped(select(Person).where(Person.province_code == province_code,
                                                   Person.id == person_id), scope, Person))
    if p is None:
        raise NotFound(N_("no person %(person)s"), code="no_person", person=str(person_id))
    return p


def person_province(session: Session, *, scope: Scope, station_id: int, person_id: int
                    ) -> int:
    """The province of a person of the station's households, inside the scope (what the
    person's records are keyed by); otherwise not found."""
    return _station_person(session, scope=scope, station_id=station_id,
                           person_id=person_id).province_code


def _station_person(session: Session, *, scope: Scope, station_id: int, person_id: int
                    ) -> Person:
    """A person of the station's households, inside the scope; otherwise not found."""
    station = get_station(session, station_id, scope=scope)
    p = get_person(session, station.province_code, person_id, scope=scope)
    if session.scalar(select(Household.station_id).where(
            Household.province_code == p.province_code,
            Household.id == p.household_id)) != station.id:
        raise NotFound(N_("no person %(person)s at station %(station)s"),
                       code="no_person_at_station", person=str(person_id),
                       station=str(station_id))
    return p


def attention(p: Person, day: date) -> list[str]:
    """Why a person needs attention: chronic illness, pregnancy, 65+, unvaccinated, under 12."""
    age = age_on(p, day)
    flags = []
    if p.chronic:
        flags.append("chronic")
    if p.pregnant:
        flags.append("pregnant")
    if age is not None and age >= 65:
        flags.append("65+")
    if not p.vaccine_doses:
        flags.append("unvaccinated")
    if age is not None and age < 12:
        flags.append("under 12")
    return flags


def person_values(p: Person, day: date | None = None) -> PersonAtHome:
    return PersonAtHome(**_person_fields(p, day))


def _person_fields(p: Person, day: date | None) -> dict:
    # Ages are as on the given day, else on the day care began, else today (a new record).
    day = day or p.care_start or local_today()
    return {"id": p.id, "province_code": p.province_code, "household_id": p.household_id,
            "name": p.name, "phone": p.phone, "birth_year": p.birth_year, "age": age_on(p, day),
            "sex": p.sex, "role": p.role, "case_id": p.case_id, "contact_code": p.contact_code,
            "vaccine_doses": p.vaccine_doses, **{f: getattr(p, f) for f in FLAGS},
            "attention": attention(p, day), "care_status": p.care_status,
            "care_start": p.care_start.isoformat() if p.care_start else None,
            "care_end": p.care_end.isoformat() if p.care_end else None,
            "last_colour": p.last_colour,
            "last_checkin_at": _aware(p.last_checkin_at).isoformat()
            if p.last_checkin_at else None}


def households(session: Session, *, scope: Scope, station_id: int, day: date
               ) -> list[HouseholdMembers]:
    """The station's households with their members and the members' attention flags."""
    station = get_station(session, station_id, scope=scope)
    homes = session.scalars(scoped(select(Household).where(
        Household.province_code == station.province_code, Household.station_id == station.id),
        scope, Household).order_by(Household.code)).all()
    members: dict[int, list[PersonAtHome]] = {}
    for p in session.scalars(scoped(select(Person).where(
            Person.province_code == station.province_code,
            Person.household_id.in_([h.id for h in homes])), scope, Person).order_by(Person.id)):
        members.setdefault(p.household_id, []).append(person_values(p, day))
    reg = register()
    return [HouseholdMembers(id=h.id, province_code=h.province_code, code=h.code,
                             ward=reg.get(WARD, h.ward_code).name, address=h.address,
                             phone=h.phone, members=members.get(h.id, [])) for h in homes]


# --- intake --------------------------------------------------------------------------------

def assess(session: Session, *, scope: Scope, province_code: int, person_id: int,
           answers: AssessmentIn) -> IntakeResult:
    """Assess an F0 for home care by the rule in force on the day; eligible: cared for at home
    from the positive test (day 1) with a new personal link; not: flagged for transfer."""
    scope.require_write()
    p = get_person(session, province_code, person_id, scope=scope)
    if p.role != "F0":
        raise InvalidInput(N_("person %(person)s is %(role)s: only an F0 is assessed for care"),
                           code="assess_not_f0", person=str(person_id), role=p.role)
    if answers.positive_on > answers.date:
        raise InvalidInput(N_("positive_on %(positive)s is after the assessment date "
                              "%(day)s"), code="positive_after_assessment",
                           positive=answers.positive_on.isoformat(),
                           day=answers.date.isoformat())
    a = answers
    result = eligibility.assess(eligibility.Assessment(
        confirmed_by=a.confirmed_by, symptoms=a.symptoms, resp_rate=a.resp_rate,
        spo2=a.spo2, abnormal_breathing=a.abnormal_breathing, underlying=a.underlying,
        age=age_on(p, a.date), fully_vaccinated=fully_vaccinated(p),
        listed_disease=a.listed_disease, pregnant=p.pregnant, self_care=a.self_care),
        a.date)
    criteria = [{"name": c.name, "met": c.met, "detail": c.detail} for c in result.criteria]
    session.add(Assessment(province_code=p.province_code, person_id=p.id, day=a.date,
                           policy=result.policy, eligible=result.eligible,
                           criteria=json.dumps({"answers": a.model_dump(mode="json"),
                                                "criteria": criteria}, ensure_ascii=False),
                           by=scope.actor, at=_now()))
    before = p.care_status
    token = None
    if result.eligible:
        p.care_status, p.care_start, p.care_end = "home", a.positive_on, None
        token = _new_link(p)
    else:
        p.care_status = "transfer"
    p.version += 1
    audit.record(session, scope, "update", "homecare_person", f"{p.province_code}:{p.id}",
                 changes={"care_status": [before, p.care_status],
                          "assessment": [None, f"{result.policy}: "
                                         f"{'eligible' if result.eligible else 'not eligible'}"]},
                 province_code=p.province_code)
    session.flush()
    return IntakeResult(person_id=p.id, policy=result.policy, eligible=result.eligible,
                        criteria=criteria, care_status=p.care_status,
                        link=link_path(p, token) if token else None)


def _new_link(p: Person) -> str:
    token = secrets.token_urlsafe(24)
    p.token_hash = token_digest(token)
    p.token_expires = (p.care_start or local_today()) + timedelta(days=LINK_DAYS - 1)
    return token


def link_path(p: Person, token: str) -> str:
    """The personal link. The province lets the lookup go to the province's partition; the
    token is the URL's fragment, which a browser never sends: it stays out of every access log
    and Referer header, and the page's script sends it in a header (X-Checkin-Token)."""
    return f"/c/{p.province_code}#{token}"


def issue_link(session: Session, *, scope: Scope, province_code: int, person_id: int) -> str:
    """A new personal check-in link (the old one stops working); shown once."""
    scope.require_write()
    p = get_person(session, province_code, person_id, scope=scope)
    if p.care_status != "home":
        raise InvalidInput(N_("person %(person)s is not cared for at home (care status "
                              "%(status)s): no check-in link"), code="link_not_home",
                           person=str(person_id), status=p.care_status)
    token = _new_link(p)
    audit.record(session, scope, "update", "homecare_person", f"{p.province_code}:{p.id}",
                 changes={"link": [None, "issued"]}, province_code=p.province_code)
    session.flush()
    return link_path(p, token)


# --- check-ins -----------------------------------------------------------------------------

@dataclass(frozen=True)
class _Who:
    """What storing a check-in needs of the person: read in one indexed row."""

    province_code: int
    id: int
    care_status: str
    care_start: date | None
    birth_year: int | None
    token_expires: date | None


_WHO = (Person.province_code, Person.id, Person.care_status, Person.care_start,
        Person.birth_year, Person.token_expires)


@cache
def _statements(dialect: str) -> dict:
    """The check-in path's statements, built once per database kind with bound parameters:
    building a statement costs more CPU than running it (SQLAlchemy's coercion and cache
    keys), and this path runs hundreds of times a second."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    checkins, people = CheckIn.__table__, Person.__table__
    columns = [c.name for c in checkins.columns if c.name != "id"]
    extra = {}
    if dialect == "postgresql":
        # Data-modifying CTEs: nothing is written after a conflict (ins is then empty).
        extra["all_in_one"] = text(
            f"WITH ins AS (INSERT INTO homecare_checkins (id, "
            f"{', '.join(f'{chr(34)}{c}{chr(34)}' for c in columns)}) VALUES "
            f"(nextval('homecare_checkins_id_seq'), {', '.join(':' + c for c in columns)}) "
            "ON CONFLICT (province_code, person_id, client_id) DO NOTHING RETURNING id), "
            "alert AS (INSERT INTO homecare_alerts (province_code, id, person_id, checkin_id, "
            "colour, reasons, raised_at) SELECT :province_code, "
            "nextval('homecare_alerts_id_seq'), :person_id, ins.id, :colour, :reasons, "
            ":measured_at FROM ins WHERE :alert), "
            "latest AS (UPDATE homecare_people SET last_checkin_at = :measured_at, "
            "last_colour = :colour WHERE province_code = :province_code AND id = :person_id "
            "AND (last_checkin_at IS NULL OR last_checkin_at <= :measured_at) "
            "AND EXISTS (SELECT 1 FROM ins)) SELECT id FROM ins")
    return extra | {
        "who": select(*_WHO).where(Person.province_code == bindparam("province_code"),
                                   Person.token_hash == bindparam("token_hash")),
        # ON CONFLICT DO NOTHING: a resend (even one racing its original on another
        # connection) inserts nothing and returns no id.
        "insert": dialect_insert(checkins).on_conflict_do_nothing(
            index_elements=["province_code", "person_id", "client_id"]
        ).returning(checkins.c.id),
        "alert": insert(Alert.__table__),
        # The latest measurement is what the worklist reads; a late-sent older one leaves it.
        "latest": update(people).where(
            people.c.province_code == bindparam("p_province"),
            people.c.id == bindparam("p_id"),
            or_(people.c.last_checkin_at.is_(None),
                people.c.last_checkin_at <= bindparam("p_measured"))
        ).values(last_checkin_at=bindparam("p_measured"), last_colour=bindparam("p_colour")),
    }


def _record(session: Session, p: _Who, values: CheckInIn, source: str, by: str
            ) -> CheckInStored:
    """Triage and store one check-in (once per client id); a red or yellow one opens an alert.

    The path of hundreds of submissions a second: three prepared Core statements on the
    session's connection, no ORM unit of work. A client_id already stored is answered with
    the stored check-in."""
    # Stored in UTC: SQLite keeps no zone, and every read takes a naive time as UTC.
    measured = values.measured_at.astimezone(UTC)
    local_day = measured.astimezone(LOCAL).date()
    if p.care_start and local_day < p.care_start:
        raise InvalidInput(N_("measured_at %(measured)s is before home care began "
                              "(%(start)s)"), code="checkin_before_care",
                           measured=measured.isoformat(), start=p.care_start.isoformat())
    if measured > _now() + timedelta(minutes=10):
        raise InvalidInput(N_("measured_at %(measured)s is in the future"),
                           code="checkin_future", measured=measured.isoformat())
    client_id = str(UUID(str(values.client_id)))
    age = None if p.birth_year is None else local_day.year - p.birth_year
    result = triage.triage(triage.Reading(
        age=age, resp_rate=values.resp_rate, pulse=values.pulse,
        temperature=values.temperature, spo2=values.spo2, spo2_recheck=values.spo2_recheck,
        systolic=values.systolic, diastolic=values.diastolic,
        symptoms=frozenset(values.symptoms)))
    row = {"province_code": p.province_code, "person_id": p.id, "client_id": client_id,
           "measured_at": measured, "received_at": _now(), "resp_rate": values.resp_rate,
           "pulse": values.pulse, "temperature": values.temperature, "spo2": values.spo2,
           "spo2_recheck": values.spo2_recheck, "systolic": values.systolic,
           "diastolic": values.diastolic, "symptoms": ",".join(values.symptoms),
           "colour": result.colour,
           "reasons": json.dumps(list(result.reasons), ensure_ascii=False),
           "policy": result.policy, "source": source, "by": by}
    conn = session.connection()
    sql = _statements(conn.dialect.name)
    if "all_in_one" in sql:
        # PostgreSQL: the check-in, its alert and the person's latest in one round trip.
        new_id = conn.execute(sql["all_in_one"], row | {
            "alert": result.colour != triage.GREEN}).scalar()
    else:
        new_id = conn.execute(sql["insert"], row).scalar()
    if new_id is None:
        stored = session.scalar(select(CheckIn).where(
            CheckIn.province_code == p.province_code, CheckIn.person_id == p.id,
            CheckIn.client_id == client_id))
        return CheckInStored(**dict(_checkin_values(stored)), duplicate=True)
    if "all_in_one" not in sql:
        if result.colour != triage.GREEN:
            conn.execute(sql["alert"], {"province_code": p.province_code, "person_id": p.id,
                                        "checkin_id": new_id, "colour": result.colour,
                                        "reasons": row["reasons"], "raised_at": measured})
        conn.execute(sql["latest"], {"p_province": p.province_code, "p_id": p.id,
                                     "p_measured": measured, "p_colour": result.colour})
    return CheckInStored(id=new_id, **{k: v for k, v in row.items()
                                       if k not in ("reasons", "symptoms", "received_at",
                                                    "measured_at")},
                         measured_at=measured.isoformat(), reasons=list(result.reasons),
                         symptoms=list(values.symptoms), duplicate=False)


def _checkin_values(c: CheckIn) -> CheckInRecord:
    return CheckInRecord(
        id=c.id, province_code=c.province_code, person_id=c.person_id, client_id=c.client_id,
        measured_at=_aware(c.measured_at).isoformat(), colour=c.colour,
        reasons=json.loads(c.reasons), policy=c.policy, source=c.source, by=c.by,
        resp_rate=c.resp_rate, pulse=c.pulse, temperature=c.temperature, spo2=c.spo2,
        spo2_recheck=c.spo2_recheck, systolic=c.systolic, diastolic=c.diastolic,
        symptoms=[s for s in c.symptoms.split(",") if s])


def staff_checkin(session: Session, *, scope: Scope, province_code: int, person_id: int,
                  values: CheckInIn) -> CheckInStored:
    scope.require_write()
    p = get_person(session, province_code, person_id, scope=scope)
    if p.care_status != "home":
        raise InvalidInput(N_("person %(person)s is not cared for at home (care status "
                              "%(status)s)"), code="not_home", person=str(person_id),
                           status=p.care_status)
    done = _record(session, _Who(p.province_code, p.id, p.care_status, p.care_start,
                                 p.birth_year, p.token_expires), values, "staff", scope.actor)
    session.expire(p)  # its last check-in was written beside the ORM
    return done


def person_for_token(session: Session, province_code: int, token: str, today: date) -> _Who:
    """The person of a personal link, while it is valid; anything else is "not found"."""
    conn = session.connection()
    row = conn.execute(_statements(conn.dialect.name)["who"],
                       {"province_code": province_code, "token_hash": token_digest(token)}
                       ).first()
    p = _Who(*row) if row else None
    if p is None or p.care_status != "home" or p.token_expires is None \
            or today > p.token_expires:
        raise NotFound(N_("this check-in link is not valid (any more): call your station"),
                       code="checkin_link_invalid")
    return p


def self_checkin(session: Session, *, province_code: int, token: str, values: CheckInIn,
                 address: str) -> SelfCheckIn:
    """A check-in sent through the personal link: rate-limited per token and per address,
    stored once per id made on the phone. Returns only what the person may see."""
    limits.check(token_digest(token)[:16], address)
    p = person_for_token(session, province_code, token, local_today())
    done = _record(session, p, values, "self", "self")
    return SelfCheckIn(client_id=done.client_id, colour=done.colour, reasons=done.reasons,
                       duplicate=done.duplicate)


def link_status(session: Session, *, province_code: int, token: str, address: str) -> None:
    """Whether a personal link is valid today (NotFound when not), counted by the rate limits
    of the check-ins (a guess costs an attempt here too)."""
    limits.check(token_digest(token)[:16], address)
    person_for_token(session, province_code, token, local_today())


def checkins(session: Session, *, scope: Scope, province_code: int, person_id: int,
             limit: int = 60) -> list[CheckInRecord]:
    p = get_person(session, province_code, person_id, scope=scope)
    return [_checkin_values(c) for c in session.scalars(select(CheckIn).where(
        CheckIn.province_code == p.province_code, CheckIn.person_id == p.id)
        .order_by(CheckIn.measured_at.desc(), CheckIn.id.desc()).limit(limit))]


# --- alerts and the worklist ----------------------------------------------------------------

def resolve_alert(session: Session, *, scope: Scope, province_code: int, alert_id: int,
                  resolution: str, note: str | None = None, day: date | None = None
                  ) -> AlertResolution:
    """Close an alert; "transferred" also ends home care on `day` (default today), and the
    case in the register becomes transferred on that day."""
    scope.require_write()
    alert = session.scalar(select(Alert).where(Alert.province_code == province_code,
                                               Alert.id == alert_id))
    if alert is None:
        raise NotFound(N_("no alert %(alert)s"), code="no_alert", alert=str(alert_id))
    p = get_person(session, province_code, alert.person_id, scope=scope)  # the scope check
    if alert.resolved_at is not None:
        raise Conflict(N_("alert %(alert)s was resolved already (%(resolution)s)"),
                       code="alert_resolved", alert=str(alert_id), resolution=alert.resolution)
    alert.resolved_at, alert.resolved_by = _now(), scope.actor
    alert.resolution = resolution + (f": {note}" if note else "")
    audit.record(session, scope, "update", "homecare_alert", f"{province_code}:{alert_id}",
                 changes={"resolution": [None, alert.resolution]}, province_code=province_code)
    if resolution == "transferred":
        _end_care(session, scope, p, "transferred", day or local_today(), note)
    session.flush()
    return AlertResolution(id=alert.id, person_id=p.id, resolution=alert.resolution)


def latest_moment(session: Session, *, scope: Scope, station_id: int) -> datetime:
    """The worklist's "now" when none is asked for: the latest check-in of the station's
    people, else noon of the latest day care began (pages read as of the data, not the
    machine's clock)."""
    station = get_station(session, station_id, scope=scope)
    people = _station_people(station, scope)
    last = session.scalar(select(func.max(Person.last_checkin_at)).where(
        people.whereclause))
    if last is not None:
        return _aware(last).astimezone(LOCAL)
    start = session.scalar(select(func.max(Person.care_start)).where(people.whereclause))
    if start is not None:
        return datetime.combine(start, time(12), tzinfo=LOCAL)
    return datetime.now(LOCAL)


def _station_people(station: Station, scope: Scope):
    return scoped(select(Person).where(
        Person.province_code == station.province_code,
        Person.household_id.in_(select(Household.id).where(
            Household.province_code == station.province_code,
            Household.station_id == station.id))), scope, Person)


def station_worklist(session: Session, *, scope: Scope, station_id: int,
                     at: datetime | None = None) -> Worklist:
    """The worklist at `at` (default `latest_moment`): F0 at home, most urgent first."""
    station = get_station(session, station_id, scope=scope)
    now = (at or latest_moment(session, scope=scope, station_id=station_id)).astimezone(LOCAL)
    people = session.scalars(_station_people(station, scope).where(
        Person.care_status.in_(("home", "transfer"))).order_by(Person.id)).all()
    ids = [p.id for p in people]
    alerts: dict[int, list[W.Alert]] = {}
    for a in session.scalars(select(Alert).where(
            Alert.province_code == station.province_code, Alert.person_id.in_(ids),
            Alert.resolved_at.is_(None), Alert.raised_at <= now)):
        alerts.setdefault(a.person_id, []).append(
            W.Alert(a.id, a.colour, tuple(json.loads(a.reasons)), _aware(a.raised_at)))
    tests: dict[int, list[RapidResult]] = {}
    for t in session.scalars(select(RapidTest).where(
            RapidTest.province_code == station.province_code, RapidTest.person_id.in_(ids))
            .order_by(RapidTest.day)):
        tests.setdefault(t.person_id, []).append(RapidResult(t.day, t.result, t.supervised))
    homes = dict(session.execute(select(Household.id, Household.code).where(
        Household.province_code == station.province_code,
        Household.id.in_({p.household_id for p in people}))).all())
    states = [W.Person(p.id, p.care_start or now.date(), fully_vaccinated(p),
                       _aware(p.last_checkin_at), tuple(alerts.get(p.id, ())),
                       tuple(tests.get(p.id, ())), extra={"person": p})
              for p in people if p.care_status == "home"]
    items = []
    for i in W.worklist(states, now):
        p = i.person.extra["person"]
        items.append({
            "person_id": p.id, "province_code": p.province_code, "name": p.name,
            "phone": p.phone, "household": homes.get(p.household_id),
            "age": age_on(p, now.date()), "attention": attention(p, now.date()),
            "day_of_care": (now.date() - p.care_start).days + 1 if p.care_start else None,
            "tags": list(i.tags), "last_colour": p.last_colour,
            "last_checkin_at": _aware(p.last_checkin_at).astimezone(LOCAL).isoformat()
            if p.last_checkin_at else None,
            "missed_due": i.missed_due.isoformat() if i.missed_due else None,
            "alerts": [{"id": a.id, "colour": a.colour, "reasons": list(a.reasons),
                        "at": a.at.astimezone(LOCAL).isoformat()} for a in i.person.alerts],
            "release": {"policy": i.release.policy, "releasable": i.release.releasable,
                        "test_due": i.release.test_due.isoformat()
                        if i.release.test_due else None,
                        "earliest": i.release.earliest.isoformat(),
                        "reason": str(i.release.reason),
                        "reason_code": i.release.reason.code}})
    transfer = [{"person_id": p.id, "province_code": p.province_code, "name": p.name,
                 "phone": p.phone, "household": homes.get(p.household_id)}
                for p in people if p.care_status == "transfer"]
    counts = {t: sum(1 for i in items if t in i["tags"]) for t in W.RANKS}
    return Worklist(station=_summary(session, station), at=now.isoformat(),
                    counts=counts, items=items, transfer=transfer)


# --- tests, release, outcomes ----------------------------------------------------------------

def record_test(session: Session, *, scope: Scope, province_code: int, person_id: int,
                day: date, result: str, supervised: bool = True) -> RapidTestOut:
    scope.require_write()
    p = get_person(session, province_code, person_id, scope=scope)
    if p.care_start is None or day < p.care_start:
        if p.care_start is None:
            raise InvalidInput(N_("date %(day)s: home care has not begun"),
                               code="test_care_not_begun", day=day.isoformat())
        raise InvalidInput(N_("date %(day)s is before home care began (%(start)s)"),
                           code="test_before_care", day=day.isoformat(),
                           start=p.care_start.isoformat())
    t = RapidTest(province_code=p.province_code, person_id=p.id, day=day, result=result,
                  supervised=supervised, by=scope.actor)
    session.add(t)
    audit.record(session, scope, "create", "homecare_test", f"{p.province_code}:{p.id}",
                 changes={"day": [None, day.isoformat()], "result": [None, result]},
                 province_code=p.province_code)
    session.flush()
    return RapidTestOut(id=t.id, person_id=p.id, date=day.isoformat(), result=result,
                        supervised=supervised)


def _tests(session: Session, p: Person) -> list[RapidResult]:
    rows = session.scalars(select(RapidTest).where(
        RapidTest.province_code == p.province_code, RapidTest.person_id == p.id)
        .order_by(RapidTest.day))
    return [RapidResult(t.day, t.result, t.supervised) for t in rows]


def release(session: Session, *, scope: Scope, province_code: int, person_id: int,
            day: date) -> ReleaseCertificate:
    """Issue the release record when the rule in force allows it on `day`; the case in the
    register becomes recovered on that day."""
    scope.require_write()
    p = get_person(session, province_code, person_id, scope=scope)
    if p.care_status != "home" or p.care_start is None:
        raise InvalidInput(N_("person %(person)s is not cared for at home (care status "
                              "%(status)s)"), code="not_home", person=str(person_id),
                           status=p.care_status)
    decision = release_on(p.care_start, day, fully_vaccinated(p), _tests(session, p))
    if not decision.releasable:
        raise InvalidInput(N_("not releasable on %(day)s under %(policy)s: %(reason)s"),
                           code="not_releasable", day=day.isoformat(),
                           policy=decision.policy, reason=decision.reason)
    rec = ReleaseRecord(province_code=p.province_code, person_id=p.id, day=day,
                        policy=decision.policy, reason=decision.reason.stored(), by=scope.actor)
    session.add(rec)
    _end_care(session, scope, p, "released", day, str(decision.reason))
    session.flush()
    return certificate(session, scope=scope, province_code=province_code, person_id=person_id)


def _end_care(session: Session, scope: Scope, p: Person, status: str, day: date,
              note: str | None) -> None:
    """End home care; the outcome flows to the case register: released -> recovered, died ->
    died, transferred -> transferred (to hospital: still an infection under treatment, which
    the hospital carries on)."""
    before = p.care_status
    p.care_status, p.care_end, p.token_hash, p.token_expires = status, day, None, None
    p.version += 1
    audit.record(session, scope, "update", "homecare_person", f"{p.province_code}:{p.id}",
                 changes={"care_status": [before, status], "care_end": [None, day.isoformat()],
                          "note": [None, note]}, province_code=p.province_code)
    outcome = {"released": "recovered", "died": "died", "transferred": "transferred"}.get(status)
    if outcome and p.case_id:
        from episurv.cases import service as cases

        # The station acts on the case as it stands now, in this same transaction.
        current = cases.get_case(session, p.case_id, scope=scope)
        cases.patch_case(session, p.case_id, {"outcome": outcome, "outcome_date": day},
                         scope=scope, expected_version=current.version)
    # Open alerts of someone no longer at home are closed with the reason.
    session.execute(update(Alert).where(
        Alert.province_code == p.province_code, Alert.person_id == p.id,
        Alert.resolved_at.is_(None)).values(resolved_at=_now(), resolved_by=scope.actor,
                                            resolution=f"care ended: {status}"))


def set_outcome(session: Session, *, scope: Scope, province_code: int, person_id: int,
                day: date, outcome: str, note: str | None = None) -> PersonAtHome:
    scope.require_write()
    p = get_person(session, province_code, person_id, scope=scope)
    if p.care_status not in ("home", "transfer"):
        raise InvalidInput(N_("person %(person)s is not under care (care status %(status)s)"),
                           code="not_under_care", person=str(person_id),
                           status=p.care_status)
    _end_care(session, scope, p, outcome, day, note)
    session.flush()
    return person_values(p, day)


def certificate(session: Session, *, scope: Scope, province_code: int, person_id: int
                ) -> ReleaseCertificate:
    p = get_person(session, province_code, person_id, scope=scope)
    rec = session.scalar(select(ReleaseRecord).where(
        ReleaseRecord.province_code == p.province_code, ReleaseRecord.person_id == p.id))
    if rec is None:
        raise NotFound(N_("person %(person)s has no release record"), code="no_release",
                       person=str(person_id))
    h = session.get(Household, (p.province_code, p.household_id))
    station = session.get(Station, (h.province_code, h.station_id))
    reg = register()
    reason = read_reason(rec.reason)
    return ReleaseCertificate(
        number=f"{p.province_code}-{rec.id:06d}", person_id=p.id, name=p.name,
        birth_year=p.birth_year, sex=p.sex, address=h.address, case_id=p.case_id,
        ward=reg.get(WARD, p.ward_code).name, district=reg.get(DISTRICT, p.district_code).name,
        province=reg.get(PROVINCE, p.province_code).name,
        care_start=p.care_start.isoformat() if p.care_start else None,
        release_date=rec.day.isoformat(), policy=rec.policy, reason=str(reason),
        reason_code=getattr(reason, "code", None),
        station=station.name, by=rec.by)


# --- medicine -----------------------------------------------------------------------------

def dispense(session: Session, *, scope: Scope, province_code: int, person_id: int,
             day: date, package: str, doctor_order: str | None = None) -> DispensingOut:
    """Record a package handed to a person, or refuse it with every reason."""
    scope.require_write()
    p = get_person(session, province_code, person_id, scope=scope)
    code = package.strip().upper()
    last = session.scalar(select(func.max(Dispensing.day)).where(
        Dispensing.province_code == p.province_code, Dispensing.person_id == p.id,
        Dispensing.package == code, Dispensing.day <= day))
    reasons = packages.check(packages.catalogue(), code, day=day, age=age_on(p, day),
                             conditions={c for c in packages.CONDITIONS if getattr(p, c)},
                             doctor_order=doctor_order, last_same=last)
    if p.role != "F0" or p.care_status not in ("home",):
        reasons.insert(0, InvalidInput(N_("packages are for F0 cared for at home"),
                                       code="package_not_at_home"))
    if reasons:
        raise InvalidInput(N_("package %(package)s refused: %(reasons)s"),
                           [{"field": "package", "value": code, "message": str(r)}
                            for r in reasons],
                           code="package_refused", package=code, reasons=reasons)


    d = Dispensing(province_code=p.province_code, person_id=p.id, day=day, package=code,
                   doctor_order=(doctor_order or "").strip() or None, by=scope.actor)
    session.add(d)
    audit.record(session, scope, "create", "homecare_dispensing", f"{p.province_code}:{p.id}",
                 changes={"package": [None, code], "day": [None, day.isoformat()]},
                 province_code=p.province_code)
    session.flush()
    return DispensingOut(id=d.id, person_id=p.id, date=day.isoformat(), package=code,
                         doctor_order=d.doctor_order)


def person_detail(session: Session, *, scope: Scope, province_code: int, person_id: int
                  ) -> PersonDetail:
    """A person under care: values, assessments, check-ins, tests, medicine, release."""
    p = get_person(session, province_code, person_id, scope=scope)
    h = session.get(Household, (p.province_code, p.household_id))
    key = (RapidTest.province_code == p.province_code) & (RapidTest.person_id == p.id)
    assessments = [{"date": a.day.isoformat(), "policy": a.policy, "eligible": a.eligible,
                    **json.loads(a.criteria)} for a in session.scalars(select(Assessment).where(
                        Assessment.province_code == p.province_code,
                        Assessment.person_id == p.id).order_by(Assessment.id))]
    return PersonDetail.model_validate({
            **_person_fields(p, None),
            "household": {"id": h.id, "code": h.code, "address": h.address,
                          "station_id": h.station_id},
            "assessments": assessments,
            "checkins": checkins(session, scope=scope, province_code=province_code,
                                 person_id=person_id),
            "tests": [{"date": t.day.isoformat(), "result": t.result, "supervised": t.supervised}
                      for t in session.scalars(select(RapidTest).where(key)
                                               .order_by(RapidTest.day))],
            "medicine": [{"date": d.day.isoformat(), "package": d.package,
                          "doctor_order": d.doctor_order}
                         for d in session.scalars(select(Dispensing).where(
                             Dispensing.province_code == p.province_code,
                             Dispensing.person_id == p.id).order_by(Dispensing.day))],
            "released": session.scalar(select(ReleaseRecord.day).where(
                ReleaseRecord.province_code == p.province_code,
                ReleaseRecord.person_id == p.id)) is not None,
            "open_alerts": [{"id": a.id, "colour": a.colour, "reasons": json.loads(a.reasons),
                             "at": _aware(a.raised_at).isoformat()}
                            for a in session.scalars(select(Alert).where(
                                Alert.province_code == p.province_code,
                                Alert.person_id == p.id, Alert.resolved_at.is_(None)))]})



def check_ins_of_cases(session: Session, *, scope: Scope, cases: list[tuple[int, str]]
                       ) -> dict[tuple[int, str], tuple[Person, list[CheckIn]]]:
    """The people cared for at home whose cases are `cases` ((province code, patient code)
    pairs), each with their check-ins oldest first, within the caller's province: for
    exports."""
    if not cases:
        return {}
    query = (select(Person, CheckIn)
             .outerjoin(CheckIn, (CheckIn.province_code == Person.province_code)
                        & (CheckIn.person_id == Person.id))
             .where(Person.case_id.in_({code for _p, code in cases}),
                    Person.care_start.is_not(None))
             .order_by(CheckIn.measured_at, CheckIn.id))
    if scope.province_code is not None:
        query = query.where(Person.province_code == scope.province_code)
    wanted = set(cases)
    out: dict[tuple[int, str], tuple[Person, list[CheckIn]]] = {}
    for person, check_in in session.execute(query):
        key = (person.case_province_code, person.case_id)
        if key in wanted:
            _person, rows = out.setdefault(key, (person, []))
            if check_in is not None:
                rows.append(check_in)
    return out
