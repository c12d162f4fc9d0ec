"""The investigation around the synthetic line list: contacts (F1, F2) of recent cases with
their quarantine plans and follow-up history, the cases' movement histories and the public
exposure notices published from them, self-declarations of people who saw a notice, and the
traced chain of the largest cluster (who in it was exposed to whom, and their other F1s).

THE PEOPLE ARE SYNTHETIC, as in `generator`: names, phones and addresses are drawn at random
and every address carries `people.SYNTHETIC_MARK`. Places visited are invented generic shops
("Nhà thuốc", "Chợ dân sinh") on invented street numbers.

Everything goes through the services a CDC uses (the contacts importer, `record_check`,
`become_case`, `add_visits`, `publish_from_case`, `declare`), so the demo holds only what those
rules accept: quarantine plans are the rule in force on the exposure date (5599/BYT-MT for
November 2021: 14 days, tests on days 1, 7 and 14). The story ends on the demo's last day
(`curve.LAST_DAY`): the calls and tests before it are done (a few missed, a few positive), on it
the station's round is under way. One `numpy.random.Generator` derived from the seed: the same
seed gives the same investigation.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path

import numpy as np
from sqlalchemy.orm import Session

from episurv.demo import curve
from episurv.demo.people import STREETS, SYNTHETIC_MARK, addresses, names, phones
from episurv.demo.places import HANOI, places
from episurv.geo.names import fold
from episurv.geo.units import DISTRICT, WARD, register

TRACED_DAYS = 14  # cases reported in the last two weeks have their contacts traced
NOTICE_DAYS = 10  # and those of the last ten days their movements published
STATION_WARD = "Cống Vị"  # the demo station account's ward (setup.DEMO_ACCOUNTS): a full list
# (relation, share of F1s); household contacts share the case's ward and address.
RELATIONS = (("household", 0.45), ("workplace", 0.2), ("social", 0.15),
             ("public_place", 0.1), ("transport", 0.05), ("school", 0.05))
SHOPS = ("Chợ dân sinh", "Siêu thị mini", "Nhà thuốc", "Quán phở", "Quán cà phê",
         "Cửa hàng tiện lợi", "Tiệm cắt tóc", "Phòng giao dịch ngân hàng", "Cửa hàng bánh mì")
WORKPLACES = ("Văn phòng công ty", "Xưởng may", "Kho hàng", "Cửa hàng điện máy")
# Follow-up outcomes of a call before the last day: well, symptoms, no answer, not called.
CALL_SHARES = (0.86, 0.03, 0.06, 0.05)
TEST_POSITIVE = 0.06  # of the F1 tests done (November 2021: household F1s often turned F0)
TEST_SKIPPED = 0.06  # tests due but not taken: they show as missed


def _sources(rows: Sequence[dict[str, str]], rng: np.random.Generator, n_cases: int,
             last_day: date) -> list[dict[str, str]]:
    """The traced cases: every recent case of the station's ward (up to 12), and a sample of
    the other recent ones, about one in 150 cases of the line list."""
    first = last_day - timedelta(days=TRACED_DAYS - 1)
    recent = [r for r in rows
              if first.isoformat() <= r["report_date"] < last_day.isoformat()]

    def in_station(r: dict[str, str]) -> bool:
        # Every written form of the ward ("Cống Vị", "P. Cống Vị", "Cong Vi") ends the same.
        return fold(r["ward"]).endswith(fold(STATION_WARD))

    own = [r for r in recent if in_station(r)][:12]
    others = [r for r in recent if not in_station(r)]
    k = min(len(others), max(3, n_cases // 150))
    picked = sorted(rng.choice(len(others), k, replace=False).tolist()) if k else []
    return own + [others[i] for i in picked]


def _ward_of(row: dict[str, str]):
    """The district and ward units of a generated case row (its names as written)."""
    reg = register()
    d = reg.resolve(row["district"], DISTRICT, HANOI)
    return d, reg.resolve(row["ward"], WARD, d.code, province=HANOI)


def contact_rows(rows: Sequence[dict[str, str]], seed: int, last_day: date = curve.LAST_DAY
                 ) -> list[dict[str, str]]:
    """The contact list of the traced cases, as the contacts importer reads it: 2-6 F1s per
    case (household first), and 0-2 F2s for a quarter of the F1s."""
    rng = np.random.default_rng([seed, 15])
    pl = places()
    out: list[dict[str, str]] = []
    for case in _sources(rows, rng, len(rows), last_day):
        district, ward = _ward_of(case)
        report = date.fromisoformat(case["report_date"])
        n_f1 = int(rng.integers(2, 7))
        relations = [RELATIONS[i][0] for i in rng.choice(
            len(RELATIONS), n_f1, p=[s for _, s in RELATIONS])]
        relations.sort(key=lambda r: r != "household")
        d_index = pl.district_index(district.short_name)
        first, count = int(pl.ward_first[d_index]), int(pl.ward_count[d_index])
        male = rng.random(n_f1) < 0.5
        age = rng.integers(3, 80, n_f1)
        people = names(rng, male, age)
        numbers = phones(rng, n_f1)
        for j, relation in enumerate(relations):
            same_ward = relation == "household" or rng.random() < 0.5
            w = ward if same_ward else pl.wards[first + int(rng.integers(0, count))]
            exposure = report - timedelta(days=int(rng.integers(0, 3)))
            identified = min(report + timedelta(days=int(rng.integers(0, 2))),
                             last_day - timedelta(days=1))
            doses = int(rng.choice(3, p=[0.1, 0.2, 0.7])) if age[j] >= 18 else 0
            last_dose = (exposure - timedelta(days=int(rng.integers(20, 150)))
                         if doses else None)
            address = case["address"] if relation == "household" else addresses(
                rng, np.array([w.name], dtype=object),
                np.array([w.division_type == "xã"]))[0]
            code = f"{case['case_id']}-F1-{j + 1}"
            out.append({
                "contact_code": code, "level": "F1", "source_case": case["case_id"],
                "source_contact": "", "exposure_date": exposure.isoformat(),
                "exposure_place": "" if relation == "household" else _place(rng, relation),
                "relation": relation, "identified_on": identified.isoformat(),
                "name": people[j], "phone": numbers[j], "age": str(age[j]),
                "sex": "M" if male[j] else "F", "address": address, "province": "Hà Nội",
                "district": district.name, "ward": w.name,
                "team": f"Tổ {1 + int(rng.integers(0, 3))}",
                "vaccine_doses": str(doses),
                "last_dose_date": last_dose.isoformat() if last_dose else "",
                "setting": "facility" if rng.random() < 0.25 else "home"})
            if rng.random() < 0.25:
                for k in range(int(rng.integers(1, 3))):
                    f2_male = bool(rng.random() < 0.5)
                    f2_age = int(rng.integers(3, 80))
                    out.append({
                        "contact_code": f"{code}-F2-{k + 1}", "level": "F2",
                        "source_case": "", "source_contact": code,
                        "exposure_date": exposure.isoformat(), "exposure_place": "",
                        "relation": "social", "identified_on": identified.isoformat(),
                        "name": names(rng, np.array([f2_male]), np.array([f2_age]))[0],
                        "phone": phones(rng, 1)[0], "age": str(f2_age),
                        "sex": "M" if f2_male else "F", "address": address,
                        "province": "Hà Nội", "district": district.name, "ward": w.name,
                        "team": "", "vaccine_doses": "", "last_dose_date": "",
                        "setting": ""})
    return out


def cluster_chain_rows(rows: Sequence[dict[str, str]], seed: int,
                       taken: set[str] = frozenset()) -> list[dict[str, str]]:
    """The traced chain of the demo's largest cluster, as the contacts importer reads it: every
    case of the cluster after the first was exposed to an earlier one (an F1 record that became
    that case), and every case has 2-4 F1s who stayed negative. A cluster of 40 cases is a
    chain of about 150 people; cases in `taken` already have a source and are not relinked."""
    rng = np.random.default_rng([seed, 18])
    sizes: dict[str, int] = {}
    for r in rows:
        if r["cluster"]:
            sizes[r["cluster"]] = sizes.get(r["cluster"], 0) + 1
    if not sizes:
        return []
    biggest = min(sizes, key=lambda name: (-sizes[name], name))
    cases = sorted((r for r in rows if r["cluster"] == biggest),
                   key=lambda r: (r["report_date"], r["case_id"]))
    out: list[dict[str, str]] = []
    for i, case in enumerate(cases):
        district, ward = _ward_of(case)
        report = date.fromisoformat(case["report_date"])
        common = {"province": "Hà Nội", "district": district.name, "ward": ward.name,
                  "source_contact": "", "exposure_place": "", "team": "",
                  "vaccine_doses": "", "last_dose_date": "", "setting": "home"}
        if i and case["case_id"] not in taken:
            source = cases[int(rng.integers(max(0, i - 8), i))]
            exposure = max(report - timedelta(days=int(rng.integers(2, 5))),
                           date.fromisoformat(source["report_date"]) - timedelta(days=1))
            out.append({**common, "contact_code": f"{case['case_id']}-OD", "level": "F1",
                        "source_case": source["case_id"], "case": case["case_id"],
                        "exposure_date": exposure.isoformat(), "relation": "workplace",
                        "identified_on": exposure.isoformat(), "name": case["name"],
                        "phone": case["phone"], "age": case["age"], "sex": case["sex"],
                        "address": case["address"]})
        n_f1 = int(rng.integers(2, 5))
        male = rng.random(n_f1) < 0.5
        age = rng.integers(3, 80, n_f1)
        people = names(rng, male, age)
        numbers = phones(rng, n_f1)
        for j in range(n_f1):
            exposure = report - timedelta(days=int(rng.integers(0, 3)))
            out.append({**common, "contact_code": f"{case['case_id']}-OD-F1-{j + 1}",
                        "level": "F1", "source_case": case["case_id"], "case": "",
                        "exposure_date": exposure.isoformat(),
                        "relation": "household" if j == 0 else "workplace",
                        "identified_on": (report + timedelta(days=1)).isoformat(),
                        "name": people[j], "phone": numbers[j], "age": str(age[j]),
                        "sex": "M" if male[j] else "F",
                        "address": case["address"] if j == 0 else addresses(
                            rng, np.array([ward.name], dtype=object),
                            np.array([ward.division_type == "xã"]))[0]})
    return out


def _place(rng: np.random.Generator, relation: str) -> str:
    kinds = WORKPLACES if relation == "workplace" else SHOPS
    return f"{kinds[int(rng.integers(0, len(kinds)))]} " \
           f"phố {STREETS[int(rng.integers(0, len(STREETS)))]}"


def _write(rows: list[dict[str, str]], path: Path) -> None:
    columns = list(rows[0]) if rows else ["contact_code", "exposure_date"]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, columns)
        writer.writeheader()
        writer.writerows(rows)


def follow_up(session: Session, seed: int, last_day: date = curve.LAST_DAY) -> dict:
    """The station's calls and tests from each F1's first quarantine day to the last day: a
    call a day (mostly "well", some unanswered, a few not made), the scheduled tests (a few not
    taken, a few positive). A positive F1 becomes the case reported in their ward on or after
    the test when there is one (`become_case` with the existing case), else stays on the list
    for the nurse to register. On the last day about half of the round is done."""
    from sqlalchemy import select

    from episurv.accounts.scope import SYSTEM
    from episurv.cases.models import Case
    from episurv.contacts.models import Contact, ContactTest
    from episurv.contacts.service import become_case, record_check
    from episurv.errors import EpisurvError

    rng = np.random.default_rng([seed, 16])
    counts = {"calls": 0, "tests": 0, "positive": 0, "became_cases": 0}
    contacts = list(session.scalars(select(Contact).where(
        Contact.level == "F1", Contact.status == "active", Contact.origin == "import")
        .order_by(Contact.contact_code)))
    taken: set[int] = set()
    for contact in contacts:
        code = contact.contact_code
        due = {t.due_on for t in session.scalars(select(ContactTest).where(
            ContactTest.contact_id == contact.id))}
        day = contact.quarantine_start
        end = min(contact.quarantine_end or last_day, last_day)
        positive_on = None
        while day <= end and positive_on is None:
            today = day == last_day
            if day in due and not today and rng.random() >= TEST_SKIPPED:
                result = "positive" if rng.random() < TEST_POSITIVE else "negative"
                record_check(session, scope=SYSTEM, contact_code=code, day=day,
                             kind="test", result=result)
                counts["tests"] += 1
                if result == "positive":
                    positive_on = day
                    counts["positive"] += 1
                    break
            u = rng.random()
            if not today or u < 0.5:
                share = np.cumsum(CALL_SHARES)
                v = rng.random()
                result = ("well" if v < share[0] else "symptoms" if v < share[1]
                          else "no_answer" if v < share[2] else None)
                if result:
                    record_check(session, scope=SYSTEM, contact_code=code, day=day,
                                 kind="call", result=result)
                    counts["calls"] += 1
            day += timedelta(days=1)
        if positive_on is None or rng.random() < 0.3:
            continue  # about a third of the positives wait for the nurse to register them
        case_id = session.scalar(select(Case.case_id).where(
            Case.ward_code == contact.ward_code, Case.report_date >= positive_on,
            Case.report_date <= last_day, Case.id.not_in(taken or {0}),
            Case.id.not_in(select(Contact.source_case_id).where(
                Contact.source_case_id.is_not(None))))
            .order_by(Case.report_date, Case.case_id).limit(1))
        if case_id is None:
            continue
        try:
            become_case(session, scope=SYSTEM, contact_code=code, report_date=positive_on,
                        existing_case=case_id)
        except EpisurvError:
            continue  # the link would close a cycle: leave the positive for the nurse
        taken.add(session.scalar(select(Case.id).where(Case.case_id == case_id)))
        counts["became_cases"] += 1
    return counts


def visits_and_notices(session: Session, rows: Sequence[dict[str, str]], seed: int,
                       last_day: date = curve.LAST_DAY) -> dict:
    """Movement histories of half the traced cases of the last ten days (home, sometimes the
    workplace, one to three shops, each on a day before the report), and the notices published
    from them (the home never is)."""
    from episurv.accounts.scope import SYSTEM
    from episurv.exposures.service import add_visits, publish_from_case

    rng = np.random.default_rng([seed, 17])
    first = last_day - timedelta(days=NOTICE_DAYS - 1)
    traced = sorted({r["source_case"] for r in contact_rows(rows, seed, last_day)
                     if r["source_case"]})
    by_id = {r["case_id"]: r for r in rows if r["case_id"] in set(traced)}
    visits = notices = 0
    for case_id in traced:
        case = by_id[case_id]
        report = date.fromisoformat(case["report_date"])
        if report < first or rng.random() < 0.5:
            continue
        district, ward = _ward_of(case)
        items: list[dict] = [{"kind": "home", "place": "Nơi ở", "day": report - timedelta(1),
                              "district": district.name, "ward": ward.name}]
        if rng.random() < 0.4:
            items.append(_visit(rng, "workplace", WORKPLACES, report, district, ward))
        for _ in range(int(rng.integers(1, 4))):
            items.append(_visit(rng, "visit", SHOPS, report, district, ward))
        visits += len(add_visits(session, scope=SYSTEM, case_id=case_id, visits=items))
        notices += len(publish_from_case(session, scope=SYSTEM, case_id=case_id)["published"])
    return {"visits": visits, "notices": notices}


def _visit(rng: np.random.Generator, kind: str, kinds: tuple[str, ...], report: date,
           district, ward) -> dict:
    start = time(int(rng.integers(7, 19)), int(rng.choice([0, 15, 30, 45])))
    end = time(min(start.hour + int(rng.integers(1, 3)), 21), start.minute)
    street = STREETS[int(rng.integers(0, len(STREETS)))]
    return {"kind": kind, "place": f"{kinds[int(rng.integers(0, len(kinds)))]} {street}",
            # No "ngõ" in a shop's address: it cannot coincide with a person's home address.
            "address": f"Số {int(rng.integers(1, 300))} phố {street} {SYNTHETIC_MARK}",
            "day": report - timedelta(days=int(rng.integers(1, 5))),
            "start": start, "end": end, "district": district.name, "ward": ward.name}


def declarations(session: Session, seed: int, last_day: date = curve.LAST_DAY) -> int:
    """Self-declarations on the last day's public page: one to three people for a third of the
    notices of the last two weeks, living in the notice's district."""
    from sqlalchemy import select

    from episurv.core.time import LOCAL
    from episurv.exposures.declarations import declare
    from episurv.exposures.models import ExposureNotice

    rng = np.random.default_rng([seed, 18])
    reg = register()
    made = 0
    notices = session.scalars(select(ExposureNotice).where(
        ExposureNotice.day >= last_day - timedelta(days=13), ExposureNotice.day <= last_day)
        .order_by(ExposureNotice.id))
    for notice in list(notices):
        if rng.random() >= 1 / 3:
            continue
        wards = list(reg.units(WARD, notice.district_code)) if notice.district_code else []
        for _ in range(int(rng.integers(1, 4))):
            male = bool(rng.random() < 0.5)
            age = int(rng.integers(18, 70))
            ward = wards[int(rng.integers(0, len(wards)))] if wards else None
            if ward is None:
                continue
            at = datetime.combine(last_day, time(int(rng.integers(7, 17)),
                                                 int(rng.integers(0, 60))), LOCAL)
            result = declare(session, notice_id=notice.id,
                             name=names(rng, np.array([male]), np.array([age]))[0],
                             phone=phones(rng, 1)[0], ward=ward.name,
                             district=reg.get(DISTRICT, notice.district_code).name, now=at)
            made += result["status"] == "declared"
    return made


def build_outbreak(session: Session, rows: Sequence[dict[str, str]], seed: int,
                   last_day: date = curve.LAST_DAY) -> dict:
    """The whole investigation for the imported line list `rows` (see the module's notes)."""
    from episurv.accounts.scope import SYSTEM
    from episurv.contacts.importer import import_contacts

    contacts = contact_rows(rows, seed, last_day)
    result: dict = {"contacts": 0}
    if contacts:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "demo-contacts.csv"
            _write(contacts, path)
            result["contacts"] = import_contacts(session, path, scope=SYSTEM)["new"]
    if not result["contacts"]:
        return result  # built before (a second `episurv demo`): the history is there already
    result |= follow_up(session, seed, last_day)
    result |= visits_and_notices(session, rows, seed, last_day)
    result["declarations"] = declarations(session, seed, last_day)
    # Last, so that the follow-up story above stays as it was: the largest cluster's chain.
    from sqlalchemy import select

    from episurv.cases.models import Case
    from episurv.contacts.models import Contact

    taken = set(session.scalars(select(Case.case_id).join(Contact, Contact.case_id == Case.id)))
    chain = cluster_chain_rows(rows, seed, taken)
    if chain:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "demo-cluster-chain.csv"
            _write(chain, path)
            result["cluster_chain"] = import_contacts(session, path, scope=SYSTEM)["new"]
        result["contacts"] += result["cluster_chain"]
    return result
