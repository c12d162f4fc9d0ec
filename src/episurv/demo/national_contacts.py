"""The contacts (F1, F2) of the synthetic national line list, one chunk of cases at a time, with
their quarantine plans, scheduled tests and a few follow-up checks, written in bulk (COPY on
PostgreSQL) so that tens of millions of them take flat memory.

What the rows follow, as the contacts service would write them (contacts.service.write_rows,
apply_plan, record_check):
- the plan is `contacts.quarantine.plan_quarantine` of the rule in force on the exposure date
  (5599/BYT-MT from 14/7/2021). A case exposed before any rule the register knows has no
  contacts traced here: there is no plan to give them;
- an F1 was exposed 0-2 days before the case's report date and is found on that date; an F2 was
  exposed to its F1 up to the day the F1 was found, and watches its health while its F1 is in
  quarantine (3638/QĐ-BYT);
- a scheduled test due before the demo's last day was taken (negative) unless skipped (then
  it shows as missed); one due on or after it is pending. `next_test_on` is the earliest test
  not taken, `last_call_on` the latest call answered.

THE PEOPLE ARE SYNTHETIC (names, phones, addresses from `demo.people`). Same seed and chunk,
same rows: everything is drawn from the chunk's own generator.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache

import numpy as np
from sqlalchemy.orm import Session

from episurv.contacts.models import Contact, ContactCheck, ContactTest
from episurv.contacts.quarantine import RULES, Immunity, Plan, plan_quarantine
from episurv.core.time import LOCAL
from episurv.db import bulk_insert, reserve_ids
from episurv.demo import curve
from episurv.demo.outbreak import RELATIONS, TEST_SKIPPED
from episurv.demo.people import addresses, names, phones

FIRST_RULE = min(r.in_force_from for r in RULES)
# F1s per traced case (mean 2.3) and the share of F1s with one F2 of their own: about 2.7
# contacts per case exposed under a rule, so about twice the cases over the national wave.
F1_COUNTS, F1_SHARES = (1, 2, 3, 4), (0.25, 0.35, 0.25, 0.15)
F2_SHARE = 0.2
CALL_EVERY_DAYS = 7  # the station calls on finding and then weekly during quarantine
BY = "demo"
FLUSH_ROWS = 20_000  # contacts (with their tests and checks) held before they are written

CONTACT_COLUMNS = (
    "id", "contact_code", "level", "province_code", "district_code", "ward_code", "team",
    "source_case_id", "source_contact_id", "exposure_date", "relation", "identified_on", "name",
    "phone", "address", "age", "sex", "vaccine_doses", "policy", "protected", "setting",
    "quarantine_start", "quarantine_end", "monitoring_end", "follow_end", "next_test_on",
    "last_call_on", "status", "origin", "version")
TEST_COLUMNS = ("province_code", "contact_id", "due_on", "done_on", "result")
CHECK_COLUMNS = ("province_code", "contact_id", "day", "kind", "result", "at", "by")


@lru_cache(maxsize=4096)
def _plan(exposure: date, identified: date, level: str, doses: int,
          source_quarantine_end: date | None) -> Plan:
    return plan_quarantine(exposure, Immunity(doses=doses), level=level,
                           identified_on=identified, source_quarantine_end=source_quarantine_end)


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), LOCAL)


def write_contacts(session: Session, rng: np.random.Generator, cases: dict[str, np.ndarray],
                   wards: np.ndarray, districts: np.ndarray, ward_full: np.ndarray,
                   rural: np.ndarray, last_day: date = curve.LAST_DAY) -> dict[str, int]:
    """Trace the chunk's cases (`cases`: columns read back from the register, one province)
    and write their contacts, tests and checks. `wards`/`districts` are the province's ward
    and district codes (same order as `ward_full`/`rural`). Returns the rows written."""
    report = cases["report_date"]
    traced = np.flatnonzero(report - timedelta(days=2) >= FIRST_RULE)
    n_f1 = rng.choice(F1_COUNTS, len(traced), p=F1_SHARES)
    case_of = np.repeat(traced, n_f1)  # case index of each F1
    rank = np.arange(len(case_of)) - np.repeat(np.cumsum(n_f1) - n_f1, n_f1)  # 0.. per case
    m = len(case_of)
    relation = np.array([r for r, _ in RELATIONS], dtype=object)[
        rng.choice(len(RELATIONS), m, p=[s for _, s in RELATIONS])]
    home = relation == "household"
    other_ward = rng.integers(0, len(wards), m)
    exposed_before = rng.integers(0, 3, m)
    age = np.clip(rng.normal(36, 20, m).astype(np.int64), 0, 95)
    male = rng.random(m) < 0.5
    doses = rng.choice(4, m, p=[0.3, 0.3, 0.38, 0.02])
    team = rng.integers(1, 5, m)
    skipped = rng.random((m, 3)) < TEST_SKIPPED
    has_f2 = rng.random(m) < F2_SHARE
    f2_before = rng.integers(0, 2, m)
    f2_age = np.clip(rng.normal(36, 20, m).astype(np.int64), 0, 95)
    f2_male = rng.random(m) < 0.5
    f2_ward = rng.integers(0, len(wards), m)
    person_names = names(rng, male, age)
    person_phones = phones(rng, m)
    other_address = addresses(rng, ward_full[other_ward], rural[other_ward])
    f2_names = names(rng, f2_male, f2_age)
    f2_phones = phones(rng, m)
    f2_address = addresses(rng, ward_full[f2_ward], rural[f2_ward])
    n_f2 = int(has_f2.sum())
    if m == 0:
        return {"contacts": 0, "contact_tests": 0, "contact_checks": 0}
    first_id = reserve_ids(session, "contacts", m + n_f2)

    contacts: list[tuple] = []
    tests: list[tuple] = []
    checks: list[tuple] = []
    written = dict.fromkeys(("contacts", "contact_tests", "contact_checks"), 0)

    def flush() -> None:
        # Written a slice at a time: a chunk of 200,000 cases makes about 4,000,000 rows, whose
        # tuples would otherwise all be held at once.
        for name, table, columns, rows in (
                ("contacts", Contact.__table__, CONTACT_COLUMNS, contacts),
                ("contact_tests", ContactTest.__table__, TEST_COLUMNS, tests),
                ("contact_checks", ContactCheck.__table__, CHECK_COLUMNS, checks)):
            written[name] += bulk_insert(session, table, columns, rows)
            rows.clear()

    f2_id = first_id + m
    province = int(cases["province_code"][0])
    for i in range(m):
        if len(contacts) >= FLUSH_ROWS:
            flush()
        c = case_of[i]
        code = cases["case_id"][c]
        found = report[c]
        exposure = found - timedelta(days=int(exposed_before[i]))
        if home[i]:
            ward, district = int(cases["ward_code"][c]), int(cases["district_code"][c])
            address = cases["address"][c]
        else:
            w = other_ward[i]
            ward, district, address = int(wards[w]), int(districts[w]), other_address[i]
        plan = _plan(exposure, found, "F1", int(doses[i]), None)
        contact_id = first_id + i
        next_test = None
        for t, due in enumerate(plan.test_dates):
            done = due < last_day and not skipped[i, t]
            tests.append((province, contact_id, due, due if done else None,
                          "negative" if done else None))
            if done:
                checks.append((province, contact_id, due, "test", "negative", _at(due, 9), BY))
            elif next_test is None:
                next_test = due
        last_call = None
        call_until = min(plan.quarantine_end or found, last_day - timedelta(days=1))
        day = found
        while day <= call_until:
            checks.append((province, contact_id, day, "call", "well", _at(day, 10), BY))
            last_call = day
            day += timedelta(days=CALL_EVERY_DAYS)
        contacts.append((
            contact_id, f"{code}-F1-{rank[i] + 1}", "F1", province, district, ward,
            f"Tổ {team[i]}", int(cases["id"][c]), None, exposure, relation[i], found,
            person_names[i], person_phones[i], address, int(age[i]),
            "M" if male[i] else "F", int(doses[i]), plan.policy, plan.protected, plan.setting,
            plan.quarantine_start, plan.quarantine_end, plan.monitoring_end, plan.follow_end,
            next_test, last_call, "active", "traced", 1))
        if has_f2[i]:
            w = f2_ward[i]
            f2_exposure = max(exposure, found - timedelta(days=int(f2_before[i])))
            f2_plan = _plan(f2_exposure, found, "F2", 0, plan.quarantine_end)
            f2_call = found if found < last_day else None
            if f2_call is not None:
                checks.append((province, f2_id, found, "call", "well", _at(found, 11), BY))
            contacts.append((
                f2_id, f"{code}-F2-{rank[i] + 1}", "F2", province, int(districts[w]),
                int(wards[w]), f"Tổ {team[i]}", None, contact_id, f2_exposure, "social",
                found, f2_names[i], f2_phones[i], f2_address[i], int(f2_age[i]),
                "M" if f2_male[i] else "F", None, f2_plan.policy, f2_plan.protected,
                f2_plan.setting, f2_plan.quarantine_start, f2_plan.quarantine_end,
                f2_plan.monitoring_end, f2_plan.follow_end, None, f2_call, "active", "traced",
                1))
            f2_id += 1
    flush()
    return written
