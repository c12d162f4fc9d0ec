"""Care at home for the demo: a mobile medical station of Cống Vị ward (Ba Đình), the reference
bulletin's exercise in size (306 households, about 52 F0 and 250 F1 at home), two weeks of
check-ins (8–21/11/2021) with their alerts, rapid tests, releases, medicine and the five tasks'
logs. (No medicine: Hà Nội's packages were handed out from December 2021.)

THE PEOPLE ARE SYNTHETIC (names, phones, addresses from `demo.people`, marked as such). The F0s
are linked to the demo's cases of the ward where there are some. Everything goes through the
home care services, as a station's staff would enter it; the same seed gives the same data.
"""

from __future__ import annotations

import uuid
from contextlib import suppress
from datetime import datetime, time, timedelta

import numpy as np
from sqlalchemy import select

from episurv.accounts.scope import SYSTEM
from episurv.cases.models import Case
from episurv.core.time import LOCAL
from episurv.db import session_scope
from episurv.demo import curve
from episurv.demo.people import addresses, names, phones
from episurv.errors import InvalidInput
from episurv.homecare import service as hc
from episurv.homecare.models import Alert, Station
from episurv.homecare.schemas import AssessmentIn, CheckInIn, PersonIn

STATION = "Trạm y tế lưu động Cống Vị số 1"
# SpO2 of a well F0 at home: mostly 98-99%, now and then 97% (a call).
_SPO2 = (97, 98, 98, 98, 98, 99, 99, 99, 99, 99)
STAFF = "tram-congvi@demo.episurv"
HOUSEHOLDS, F0, F1 = 306, 52, 250
FIRST_DAY = curve.LAST_DAY - timedelta(days=13)  # 8/11/2021
LAST = curve.LAST_DAY


def _ns(seed: int, text: str) -> uuid.UUID:
    # Check-in ids made from the seed: a rebuilt demo makes the same ids.
    return uuid.uuid5(uuid.NAMESPACE_URL, f"episurv-demo-{seed}-{text}")


def build(url: str | None = None, seed: int = 2021) -> dict:
    """Add the station and its people once (a second run leaves an existing station alone)."""
    with session_scope(url) as session:
        if session.scalar(select(Station.id).where(Station.name == STATION)):
            return {"station": STATION, "created": False}
        station = hc.create_station(session, scope=SYSTEM, name=STATION, kind="mobile",
                                    province="Hà Nội", district="Ba Đình", wards=["Cống Vị"],
                                    capacity=80)
        # Without the demo accounts (a bare database) there is no staff to attach.
        with suppress(InvalidInput):
            hc.add_staff(session, scope=SYSTEM, station_id=station.id, email=STAFF)
        counts = _people(session, station.id, seed)
    return {"station": STATION, "created": True, **counts}


def _people(session, sid: int, seed: int) -> dict:
    rng = np.random.default_rng(seed + 12)
    ward_name = "Phường Cống Vị"
    cases = list(session.execute(select(Case.case_id, Case.report_date).where(
        Case.ward_code == _ward_code(session, sid), Case.report_date >= FIRST_DAY,
        Case.report_date <= LAST).order_by(Case.report_date, Case.case_id)))
    size = rng.integers(1, 6, HOUSEHOLDS)
    n = int(size.sum())
    male = rng.random(n) < 0.49
    age = np.clip(rng.normal(38, 20, n).round().astype(int), 0, 95)
    people_names = names(rng, male, age)
    phone_list = phones(rng, n)
    homes = addresses(rng, np.asarray([ward_name] * HOUSEHOLDS, dtype=object),
                      np.zeros(HOUSEHOLDS, dtype=bool))
    # Roles: F0 in the first 52 households (one each), F1 their housemates and neighbours.
    roles = np.full(n, "other", dtype=object)
    starts = np.cumsum(size) - size
    f0_index = starts[:F0]
    roles[f0_index] = "F0"
    others = np.setdiff1d(np.arange(n), f0_index)
    roles[rng.choice(others, min(F1, len(others)), replace=False)] = "F1"
    created = {"households": 0, "f0": 0, "f1": 0, "checkins": 0, "alerts": 0, "released": 0}
    person_ids: list[tuple] = []  # (index, id, the case's report day) of each F0
    k = 0
    for h in range(HOUSEHOLDS):
        home = hc.add_household(session, scope=SYSTEM, station_id=sid,
                                code=f"Tổ {h // 30 + 1}-{h % 30 + 1:02d}", ward="Cống Vị",
                                address=homes[h], phone=phone_list[starts[h]])
        created["households"] += 1
        for i in range(starts[h], starts[h] + size[h]):
            role = str(roles[i])
            flags = {"chronic": bool(age[i] >= 55 and rng.random() < 0.35),
                     "pregnant": bool(not male[i] and 20 <= age[i] <= 40 and rng.random() < 0.06),
                     "gastric_disease": bool(rng.random() < 0.05)}
            case_id, reported = cases[k] if role == "F0" and k < len(cases) else (None, None)
            if role == "F0":
                k += 1
            p = hc.add_person(session, scope=SYSTEM, province_code=1, household_id=home.id,
                              values=PersonIn(
                                  name=str(people_names[i]), role=role,
                                  birth_year=2021 - int(age[i]), sex="M" if male[i] else "F",
                                  phone=phone_list[i], case_id=case_id,
                                  vaccine_doses=int(rng.choice([0, 1, 2, 2, 2, 3]))
                                  if age[i] >= 18 else 0, **flags))
            if role == "F0":
                person_ids.append((i, p.id, reported))
                created["f0"] += 1
            elif role == "F1":
                created["f1"] += 1
    for n_f0, (_i, pid, reported) in enumerate(person_ids):
        # The newest F0's oxygen falls on the last afternoon: the worklist opens on a red.
        _care(session, sid, pid, reported, rng, seed, created, last_red=n_f0 == len(person_ids) - 1)
    _log(session, sid, rng)
    return created


def _ward_code(session, sid: int) -> int:
    station = session.get(Station, (1, sid))
    return hc.station_wards(session, station)[0]


def _care(session, sid: int, pid: int, reported, rng, seed: int, created: dict,
          last_red: bool = False) -> None:
    """One F0's two weeks: intake on the day of the positive test (the case's report day),
    check-ins morning and afternoon (some missed, some with warning signs), a rapid test on
    day 10, release."""
    start = reported or FIRST_DAY + timedelta(days=int(rng.integers(0, 14)))
    if last_red:
        start = LAST - timedelta(days=3)
    result = hc.assess(session, scope=SYSTEM, province_code=1, person_id=pid,
                       answers=AssessmentIn(
                           date=start, positive_on=start, confirmed_by="rapid",
                           symptoms="mild", resp_rate=int(rng.integers(14, 19)),
                           spo2=int(rng.integers(97, 100)), abnormal_breathing=False,
                           underlying="stable", listed_disease=False, self_care=True))
    if not result.eligible:
        return
    # About one in eight has a bad day (SpO2 falling); one in ten stops answering.
    bad_day = start + timedelta(days=int(rng.integers(3, 8))) if rng.random() < 0.125 else None
    silent_from = (start + timedelta(days=int(rng.integers(2, 9)))) if rng.random() < 0.1 \
        else None
    if last_red:
        bad_day, silent_from = LAST, None
    day = start
    released = False
    while day <= LAST and not released:
        for slot, hour in (("am", 7), ("pm", 15)):
            if silent_from and day >= silent_from:
                break
            low = bad_day is not None and day == bad_day and slot == "pm"
            if rng.random() < 0.06 and not low:
                continue  # a check-in forgotten
            measured = datetime.combine(day, time(hour, int(rng.integers(0, 60))), tzinfo=LOCAL)
            done = hc.staff_checkin(session, scope=SYSTEM, province_code=1, person_id=pid,
                                    values=CheckInIn(
                                        client_id=_ns(seed, f"{pid}-{day}-{slot}"),
                                        measured_at=measured,
                                        spo2=int(rng.integers(93, 96)) if low
                                        else int(rng.choice(_SPO2)),
                                        spo2_recheck=None if not low else int(rng.integers(93, 96)),
                                        resp_rate=int(rng.integers(21, 25)) if low
                                        else int(rng.integers(14, 20)),
                                        pulse=int(rng.integers(70, 100)),
                                        temperature=round(float(rng.normal(37.3, 0.5)), 1),
                                        symptoms=["cough"] if rng.random() < 0.4 else []))
            created["checkins"] += 1
            if done.colour != "green":
                created["alerts"] += 1
                if day < LAST:  # the nurse acted on it; the last day's are still open
                    alert = session.scalar(select(Alert.id).where(
                        Alert.province_code == 1, Alert.checkin_id == done.id))
                    hc.resolve_alert(session, scope=SYSTEM, province_code=1, alert_id=alert,
                                     resolution="transferred" if low else "called", day=day)
                if low and day < LAST:
                    return  # transferred to hospital: home care ends
        day_no = (day - start).days + 1
        if day_no == 10 and not (silent_from and day >= silent_from):
            hc.record_test(session, scope=SYSTEM, province_code=1, person_id=pid, day=day,
                           result="negative" if rng.random() < 0.85 else "positive")
            try:
                with session.begin_nested():
                    hc.release(session, scope=SYSTEM, province_code=1, person_id=pid, day=day)
                released = True
                created["released"] += 1
            except InvalidInput:
                pass  # positive on day 10: stays at home
        day += timedelta(days=1)


def _log(session, sid: int, rng) -> None:
    """The five tasks' counts for each of the 14 days."""
    day = FIRST_DAY
    while day <= LAST:
        for task, low, high in (("followed", 40, 60), ("tests", 20, 80), ("vaccinations", 0, 40),
                                ("communications", 5, 30), ("consultations", 3, 15)):
            hc.log_activity(session, scope=SYSTEM, station_id=sid, day=day, task=task,
                            count=int(rng.integers(low, high)))
        day += timedelta(days=1)

