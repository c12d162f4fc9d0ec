"""Care at home for the synthetic national line list, one chunk of cases at a time: a share of
the eligible cases is cared for at home by a mobile station of its district, with two
check-ins a day until release, written in bulk (COPY on PostgreSQL) with flat memory.

What the rows follow (domain README section 4):
- care at home begins with 4038/QĐ-BYT (21/8/2021): a case reported from that day, with no or
  mild symptoms, aged 1 to 49 or fully vaccinated, may be cared for at home;
- a health record twice a day, morning and afternoon, each triaged by `homecare.triage` as the
  check-in service does. The synthetic people stay well (SpO2 98-99%, normal breathing, pulse
  and temperature), so every check-in is green and raises no alert; alerts, calls and
  transfers are the city demo's (`demo.homecare`);
- release as Hà Nội applied it in late 2021 (`homecare.release.release_on`): on day 10 with a
  negative rapid test that day; a person whose day 10 is after the demo's last day is still at
  home.
One household per person (the station's list is of households; the register does not say who
lives together). Stations are made through the home care service, one per district, named for
it, covering its wards. THE PEOPLE ARE SYNTHETIC: they are the synthetic cases.
"""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache

import numpy as np
import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from episurv.accounts.scope import SYSTEM
from episurv.core.time import LOCAL
from episurv.db import bulk_insert, reserve_ids
from episurv.demo import curve
from episurv.geo.units import DISTRICT, PROVINCE, WARD, register
from episurv.homecare import service as hc
from episurv.homecare.models import CheckIn, Household, Person, RapidTest, ReleaseRecord, Station
from episurv.homecare.release import RapidResult, day_n, release_on
from episurv.homecare.triage import Reading, triage

HOME_CARE_FROM = date(2021, 8, 21)  # 4038/QĐ-BYT
HOME_SHARE = 0.2  # of the eligible cases
RELEASE_DAY = 10
HOURS = (8, 16)  # the morning and afternoon records
STATION_CAPACITY = 100  # F0 a station follows (HCMC aimed at 50-100 per station)

HOUSEHOLD_COLUMNS = ("province_code", "id", "station_id", "district_code", "ward_code", "code",
                     "address", "phone")
PERSON_COLUMNS = (
    "province_code", "id", "household_id", "district_code", "ward_code", "name", "phone",
    "birth_year", "sex", "role", "case_province_code", "case_id", "vaccine_doses",
    "care_status", "care_start", "care_end", "last_checkin_at", "last_colour", "version",
    "chronic", "pregnant", "breastfeeding", "liver_disease", "kidney_disease",
    "gastric_disease", "bleeding_risk")
CHECKIN_COLUMNS = (
    "province_code", "id", "person_id", "client_id", "measured_at", "received_at", "resp_rate",
    "pulse", "temperature", "spo2", "symptoms", "colour", "reasons", "policy", "source", "by")
TEST_COLUMNS = ("province_code", "id", "person_id", "day", "result", "supervised", "by")
RELEASE_COLUMNS = ("province_code", "id", "person_id", "day", "policy", "reason", "by")
BY = "demo"


@lru_cache(maxsize=8192)
def _triage(age: int, resp_rate: int, pulse: int, temperature: float, spo2: int
            ) -> tuple[str, str, str]:
    t = triage(Reading(age=age, resp_rate=resp_rate, pulse=pulse, temperature=temperature,
                       spo2=spo2))
    return t.colour, json.dumps(list(t.reasons)), t.policy


def station_name(district_name: str) -> str:
    return f"Trạm y tế lưu động {district_name}"


def _stations(session: Session, province: int, districts: set[int]) -> dict[int, int]:
    """The id of the demo station of each district, made through the service when missing."""
    reg = register()
    wanted = {d: station_name(reg.get(DISTRICT, d).name) for d in districts}
    have = dict(session.execute(select(Station.name, Station.id).where(
        Station.province_code == province, Station.name.in_(wanted.values()))).all())
    out = {}
    for d, name in sorted(wanted.items()):
        if name not in have:
            wards = [w.name for w in sorted(reg.units(WARD, d), key=lambda u: u.code)]
            have[name] = hc.create_station(
                session, scope=SYSTEM, name=name, kind="mobile",
                province=reg.get(PROVINCE, province).name, district=reg.get(DISTRICT, d).name,
                wards=wards, capacity=STATION_CAPACITY).id
        out[d] = have[name]
    return out


def write_homecare(session: Session, rng: np.random.Generator, cases: dict[str, np.ndarray],
                   last_day: date = curve.LAST_DAY) -> dict[str, int]:
    """Choose the chunk's cases cared for at home and write their households, people,
    check-ins, and for those released their rapid test and release record."""
    report_day = cases["report_day"]
    age = cases["age"]
    doses = cases["vaccine_doses"]
    eligible = ((report_day >= HOME_CARE_FROM) & (report_day <= last_day)
                & np.isin(cases["severity"], ["asymptomatic", "mild"])
                & (cases["outcome"] != "died")
                & (((age >= 1) & (age < 50)) | (doses >= 2)))
    chosen = np.flatnonzero(eligible & (rng.random(len(report_day)) < HOME_SHARE))
    n = len(chosen)
    empty = {"homecare_people": 0, "homecare_checkins": 0, "homecare_releases": 0}
    if n == 0:
        return empty
    resp = rng.integers(14, 19, (n, 2 * 14))
    pulse = rng.integers(64, 100, (n, 2 * 14))
    temperature = np.round(rng.uniform(36.3, 37.3, (n, 2 * 14)), 1)
    spo2 = rng.integers(98, 100, (n, 2 * 14), endpoint=True)
    province = int(cases["province_code"][0])
    station = _stations(session, province, {int(cases["district_code"][c]) for c in chosen})
    first_household = reserve_ids(session, "homecare_households", n)
    first_person = reserve_ids(session, "homecare_people", n)
    households, people, tests, releases = [], [], [], []
    starts, counts = [], []
    for j, c in enumerate(chosen):
        start = report_day[c]
        release = day_n(start, RELEASE_DAY)
        released = release < last_day
        last = release if released else last_day
        pid, hid = first_person + j, first_household + j
        district, ward = int(cases["district_code"][c]), int(cases["ward_code"][c])
        code = cases["case_id"][c]
        households.append((province, hid, station[district], district, ward, code,
                           cases["address"][c], cases["phone"][c]))
        starts.append(start)
        counts.append(((last - start).days + 1) * len(HOURS))
        if released:
            decision = release_on(start, release, doses[c] >= 2,
                                  [RapidResult(release, "negative")])
            tests.append((province, None, pid, release, "negative", True, BY))
            releases.append((province, None, pid, release, decision.policy,
                             decision.reason.stored(),
                             BY))
        people.append((province, pid, hid, district, ward, cases["name"][c], cases["phone"][c],
                       curve.FIRST_DAY.year - int(age[c]), cases["sex"][c], "F0", province,
                       code, int(doses[c]), "released" if released else "home", start,
                       release if released else None, None, None, 1,
                       False, False, False, False, False, False, False))
    checkins = _checkins(province, first_person, cases["case_id"][chosen], age[chosen],
                         np.array(starts, dtype="datetime64[D]"), np.array(counts),
                         (resp, pulse, temperature, spo2))
    checkins = checkins.with_columns(
        pl.Series("id", np.arange(checkins.height) + reserve_ids(
            session, "homecare_checkins", checkins.height)))
    # A person's last check-in (the frame is in person then time order).
    latest = np.cumsum(counts) - 1
    last_at = checkins["measured_at"].gather(latest).to_list()
    last_colour = checkins["colour"].gather(latest).to_list()
    people = [(*row[:16], last_at[j], last_colour[j], *row[18:])
              for j, row in enumerate(people)]
    _number(session, "homecare_tests", tests)
    _number(session, "homecare_releases", releases)
    bulk_insert(session, Household.__table__, HOUSEHOLD_COLUMNS, households)
    written = {"homecare_people": bulk_insert(session, Person.__table__, PERSON_COLUMNS, people)}
    written["homecare_checkins"] = bulk_insert(session, CheckIn.__table__, CHECKIN_COLUMNS,
                                               checkins)
    bulk_insert(session, RapidTest.__table__, TEST_COLUMNS, tests)
    written["homecare_releases"] = bulk_insert(session, ReleaseRecord.__table__,
                                               RELEASE_COLUMNS, releases)
    return written


def _checkins(province: int, first_person: int, codes: np.ndarray, ages: np.ndarray,
              starts: np.ndarray, counts: np.ndarray, readings: tuple[np.ndarray, ...]
              ) -> pl.DataFrame:
    """The people's check-ins as columns, person by person and in time order: the morning and
    afternoon record of each day from the start of care to release (or the demo's last day),
    each triaged by `homecare.triage`. The triage runs once per distinct (age, reading): made
    row by row, the check-ins were a large part of the build's time."""
    resp, pulse, temperature, spo2 = readings
    if counts.max(initial=0) > resp.shape[1]:
        raise ValueError(f"care of {counts.max() // len(HOURS)} days is longer than the "
                         f"{resp.shape[1] // len(HOURS)} days of readings drawn")
    person, k = np.nonzero(np.arange(resp.shape[1]) < counts[:, None])
    values = {"resp_rate": resp[person, k], "pulse": pulse[person, k],
              "temperature": temperature[person, k], "spo2": spo2[person, k]}
    age = ages[person]
    key = np.stack([age, values["resp_rate"], values["pulse"],
                    np.rint(values["temperature"] * 10).astype(np.int64), values["spo2"]], 1)
    _, first, inverse = np.unique(key, axis=0, return_index=True, return_inverse=True)
    triaged = [_triage(int(age[i]), int(values["resp_rate"][i]), int(values["pulse"][i]),
                       float(values["temperature"][i]), int(values["spo2"][i])) for i in first]
    inverse = inverse.reshape(-1)
    hours = np.array(HOURS, dtype=np.int64)[k % len(HOURS)]
    measured = (starts[person] + k // len(HOURS)).astype("datetime64[us]") \
        + hours * np.timedelta64(1, "h")
    measured_at = pl.Series(measured).dt.replace_time_zone(LOCAL.key)
    n = len(person)
    return pl.DataFrame({
        "province_code": np.full(n, province, dtype=np.int64),
        "person_id": first_person + person,
        "client_id": pl.Series(codes[person].astype(str)) + "-" + pl.Series(k + 1).cast(pl.Utf8),
        "measured_at": measured_at,
        "received_at": measured_at.dt.offset_by("1m"),
        **values,
        "symptoms": np.full(n, ""),
        "colour": np.array([t[0] for t in triaged], dtype=object)[inverse].astype(str),
        "reasons": np.array([t[1] for t in triaged], dtype=object)[inverse].astype(str),
        "policy": np.array([t[2] for t in triaged], dtype=object)[inverse].astype(str),
        "source": np.full(n, "self"),
        "by": np.full(n, "self")})


def _number(session: Session, table: str, rows: list[tuple]) -> None:
    """Give rows (id second, None) ids of their own: these tables number their keys by a
    sequence the insert names (homecare.models.NextId), which COPY does not run."""
    if rows:
        first = reserve_ids(session, table, len(rows))
        for i, row in enumerate(rows):
            rows[i] = (row[0], first + i, *row[2:])
