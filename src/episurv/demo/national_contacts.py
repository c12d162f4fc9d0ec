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

from datetime import date, timedelta
from functools import lru_cache

import numpy as np
import polars as pl
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

    # The tests and checks are made for the whole chunk at once, as columns (about 16 rows
    # per case, most of what the build writes): per row in Python they took most of its time.
    # Only the plans are per contact, and they repeat (few exposure days, doses and levels).
    province = int(cases["province_code"][0])
    found = report[case_of]
    exposure = [f - timedelta(days=int(b)) for f, b in zip(found, exposed_before, strict=True)]
    plans = [_plan(e, f, "F1", int(d), None) for e, f, d in zip(exposure, found, doses,
                                                                  strict=True)]
    schedule = _Schedule(plans, found, skipped, last_day)
    tests = schedule.tests(province, first_id)
    checks = schedule.checks(province, first_id, has_f2, first_id + m + np.cumsum(has_f2) - 1)
    next_test, last_call = schedule.next_test.tolist(), schedule.last_call.tolist()
    # Plan.follow_end is worked out on each reading; the plans repeat, so once per plan.
    ends: dict[int, date] = {}
    follow_end = [ends.get(id(p)) or ends.setdefault(id(p), p.follow_end) for p in plans]

    contacts: list[tuple] = []
    written = dict.fromkeys(("contacts", "contact_tests", "contact_checks"), 0)

    def flush() -> None:
        # Written a slice at a time: the tuples of a chunk's contacts are not all held at once.
        written["contacts"] += bulk_insert(session, Contact.__table__, CONTACT_COLUMNS, contacts)
        contacts.clear()

    f2_id = first_id + m
    for i in range(m):
        if len(contacts) >= FLUSH_ROWS:
            flush()
        c = case_of[i]
        code = cases["case_id"][c]
        if home[i]:
            ward, district = int(cases["ward_code"][c]), int(cases["district_code"][c])
            address = cases["address"][c]
        else:
            w = other_ward[i]
            ward, district, address = int(wards[w]), int(districts[w]), other_address[i]
        plan = plans[i]
        contact_id = first_id + i
        contacts.append((
            contact_id, f"{code}-F1-{rank[i] + 1}", "F1", province, district, ward,
            f"Tổ {team[i]}", int(cases["id"][c]), None, exposure[i], relation[i], found[i],
            person_names[i], person_phones[i], address, int(age[i]),
            "M" if male[i] else "F", int(doses[i]), plan.policy, plan.protected, plan.setting,
            plan.quarantine_start, plan.quarantine_end, plan.monitoring_end, follow_end[i],
            next_test[i], last_call[i], "active", "traced", 1))
        if has_f2[i]:
            w = f2_ward[i]
            f2_exposure = max(exposure[i], found[i] - timedelta(days=int(f2_before[i])))
            f2_plan = _plan(f2_exposure, found[i], "F2", 0, plan.quarantine_end)
            f2_call = found[i] if found[i] < last_day else None
            contacts.append((
                f2_id, f"{code}-F2-{rank[i] + 1}", "F2", province, int(districts[w]),
                int(wards[w]), f"Tổ {team[i]}", None, contact_id, f2_exposure, "social",
                found[i], f2_names[i], f2_phones[i], f2_address[i], int(f2_age[i]),
                "M" if f2_male[i] else "F", None, f2_plan.policy, f2_plan.protected,
                f2_plan.setting, f2_plan.quarantine_start, f2_plan.quarantine_end,
                f2_plan.monitoring_end, f2_plan.follow_end, None, f2_call, "active", "traced",
                1))
            f2_id += 1
    flush()
    written["contact_tests"] = bulk_insert(session, ContactTest.__table__, TEST_COLUMNS, tests)
    written["contact_checks"] = bulk_insert(session, ContactCheck.__table__, CHECK_COLUMNS,
                                            checks)
    return written


_NO_DAY = np.datetime64("NaT", "D")


class _Schedule:
    """The F1s' scheduled tests and calls, as columns: a test due before the demo's last day
    was taken (negative) unless skipped; the station calls on the day a contact is found and
    then every `CALL_EVERY_DAYS` days until its quarantine ends (or the day before the last
    day); an F2 gets one call on the day it is found. Rows come in the order the contacts do,
    each F1's tests, then its calls, then its F2's call, so that their ids are the same for
    the same seed."""

    def __init__(self, plans: list[Plan], found: np.ndarray, skipped: np.ndarray,
                 last_day: date) -> None:
        index: dict[int, int] = {}
        which = np.array([index.setdefault(id(p), len(index)) for p in plans], dtype=np.int64)
        unique = {index[id(p)]: p for p in plans}
        width = skipped.shape[1]
        due = np.full((len(unique), width), _NO_DAY)
        quarantine_end = np.full(len(unique), _NO_DAY)
        for k, p in unique.items():
            due[k, :len(p.test_dates)] = p.test_dates
            if p.quarantine_end is not None:
                quarantine_end[k] = p.quarantine_end
        last = np.datetime64(last_day, "D")
        self.found = found.astype("datetime64[D]")
        self.due = due[which]
        self.last = last
        scheduled = ~np.isnat(self.due)
        self.done = scheduled & (self.due < last) & ~skipped
        pending = scheduled & ~self.done
        rows = np.arange(len(plans))
        self.next_test = np.where(pending.any(axis=1), self.due[rows, pending.argmax(axis=1)],
                                  _NO_DAY)
        ends = quarantine_end[which]
        until = np.minimum(np.where(np.isnat(ends), self.found, ends), last - 1)
        self.calls = np.where(until >= self.found,
                              (until - self.found).astype(np.int64) // CALL_EVERY_DAYS + 1, 0)
        self.last_call = np.where(self.calls > 0, self.found + (self.calls - 1)
                                  * CALL_EVERY_DAYS, _NO_DAY)
        self.scheduled = scheduled

    def tests(self, province: int, first_id: int) -> pl.DataFrame:
        i, t = np.nonzero(self.scheduled)  # row-major: each F1's tests in turn
        due = self.due[i, t]
        done = self.done[i, t]
        return pl.DataFrame({
            "province_code": np.full(len(i), province, dtype=np.int64),
            "contact_id": first_id + i,
            "due_on": due,
            "done_on": pl.Series(np.where(done, due, _NO_DAY)),
            "result": pl.Series(done)}).with_columns(
            pl.when(pl.col("result")).then(pl.lit("negative")).alias("result"))

    def checks(self, province: int, first_id: int, has_f2: np.ndarray,
               f2_ids: np.ndarray) -> pl.DataFrame:
        parts = []  # (F1 index, place among its rows, contact id, day, kind, hour)
        i, t = np.nonzero(self.done)
        parts.append((i, t, first_id + i, self.due[i, t], "test", 9))
        width = self.due.shape[1]
        for k in range(int(self.calls.max(initial=0))):
            i = np.flatnonzero(self.calls > k)
            parts.append((i, np.full(len(i), width + k), first_id + i,
                          self.found[i] + k * CALL_EVERY_DAYS, "call", 10))
        i = np.flatnonzero(has_f2 & (self.found < self.last))
        parts.append((i, np.full(len(i), np.iinfo(np.int32).max), f2_ids[i], self.found[i],
                      "call", 11))
        order = np.lexsort((np.concatenate([p[1] for p in parts]),
                            np.concatenate([p[0] for p in parts])))
        day = np.concatenate([p[3] for p in parts])[order]
        hour = np.concatenate([np.full(len(p[0]), p[5], dtype=np.int64) for p in parts])[order]
        kind = np.concatenate([np.full(len(p[0]), p[4], dtype=object) for p in parts])[order]
        at = day.astype("datetime64[us]") + hour * np.timedelta64(1, "h")
        return pl.DataFrame({
            "province_code": np.full(len(day), province, dtype=np.int64),
            "contact_id": np.concatenate([p[2] for p in parts])[order],
            "day": day,
            "kind": pl.Series(kind, dtype=pl.Utf8),
            "result": np.where(kind == "test", "negative", "well"),
            "at": pl.Series(at).dt.replace_time_zone(LOCAL.key),
            "by": np.full(len(day), BY)})
