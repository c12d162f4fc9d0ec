"""The national demo's contacts, home care and daily figures: what the rows hold, checked
against the rules they follow, and the same rows for the same seed on either store."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, text

from episurv.accounts.scope import SYSTEM
from episurv.cases.models import Case
from episurv.contacts.quarantine import plan_quarantine
from episurv.db import session_scope
from episurv.demo import curve, national_contacts
from episurv.reporting.national import national_report
from episurv.setup import build_national_demo

CASES, SEED = 3_000, 7
# The module's builds are made once by the one worker that runs all its tests, under
# `--dist loadgroup` (the Makefile's).
pytestmark = pytest.mark.xdist_group("national_investigation")


def _rows(url: str, sql: str) -> list[tuple]:
    with session_scope(url) as s:
        return [tuple(r) for r in s.execute(text(sql)).all()]


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def snapshot(url: str) -> dict[str, list[tuple]]:
    """Every generated row by its codes (ids are the store's), dates as text."""
    def norm(rows):
        return sorted(tuple(str(v) if v is not None else None for v in r) for r in rows)

    return {
        "contacts": norm(_rows(url, """
            SELECT c.contact_code, c.level, c.province_code, c.ward_code, k.case_id,
                   s.contact_code, c.exposure_date, c.identified_on, c.relation, c.name,
                   c.phone, c.age, c.quarantine_end, c.follow_end, c.next_test_on,
                   c.last_call_on
            FROM contacts c LEFT JOIN cases k ON k.id = c.source_case_id
            LEFT JOIN contacts s ON s.id = c.source_contact_id""")),
        "tests": norm(_rows(url, """
            SELECT c.contact_code, t.due_on, t.done_on, t.result FROM contact_tests t
            JOIN contacts c ON c.id = t.contact_id""")),
        "checks": norm(_rows(url, """
            SELECT c.contact_code, k.day, k.kind, k.result FROM contact_checks k
            JOIN contacts c ON c.id = k.contact_id""")),
        "checkins": norm(_rows(url, """
            SELECT p.case_id, i.client_id, i.pulse, i.temperature, i.spo2, i.colour
            FROM homecare_checkins i JOIN homecare_people p ON p.id = i.person_id""")),
        "people": norm(_rows(url, """
            SELECT p.case_id, p.care_status, p.care_start, p.care_end, s.name
            FROM homecare_people p JOIN homecare_households h ON h.id = p.household_id
            JOIN homecare_stations s ON s.id = h.station_id""")),
        "figures": norm(_rows(url, """
            SELECT province_code, day, new_cases, community, quarantine, deaths, recovered,
                   tests_samples, first_doses, second_doses FROM aggregate_days
            WHERE valid_to IS NULL""")),
    }


@pytest.fixture(scope="module")
def built(migrated_url, emptier):
    """One build per store for the module's tests (a build takes a minute or two on a shared
    machine); every test here only reads it, and the next test's `db` empties the tables."""
    emptier(migrated_url)
    return migrated_url, build_national_demo(CASES, SEED, url=migrated_url)


@pytest.fixture(scope="module")
def again(tmp_path_factory):
    """The same seed built again in an SQLite file of its own, written in slices of 500
    contacts this time (20,000 by default): one build that each store's is compared with."""
    url = f"sqlite:///{tmp_path_factory.mktemp('again') / 'again.db'}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(national_contacts, "FLUSH_ROWS", 500)
        return url, build_national_demo(CASES, SEED, url=url)


def test_a_national_demo_imports_into_all_provinces(built):
    url, result = built
    assert result["rows"] == CASES
    with session_scope(url) as s:
        assert s.scalar(select(func.count()).select_from(Case)) == CASES
        assert s.scalar(select(func.count(func.distinct(Case.province_code)))) == 63


def test_the_same_seed_gives_the_same_rows_on_either_store(built, again):
    url, result = built
    other, result_again = again
    assert result_again["national"] == result["national"]
    first, second = snapshot(url), snapshot(other)
    for table in first:
        assert first[table] == second[table], table
    assert len(first["contacts"]) == result["national"]["contacts"]


def test_contacts_follow_their_case_and_the_rule_in_force(built):
    url, result = built
    written = result["national"]
    assert written["cases"] == CASES
    contacts = _rows(url, """
        SELECT c.contact_code, c.level, c.province_code, k.province_code, k.case_id,
               k.report_date, c.exposure_date, c.identified_on, c.quarantine_start,
               c.quarantine_end, c.monitoring_end, c.follow_end, c.policy, c.setting,
               s.level, s.quarantine_end, c.next_test_on, c.id, c.relation, c.ward_code,
               k.ward_code, c.source_case_id, c.source_contact_id
        FROM contacts c LEFT JOIN cases k ON k.id = c.source_case_id
        LEFT JOIN contacts s ON s.id = c.source_contact_id""")
    assert len(contacts) == written["contacts"]
    levels = Counter(r[1] for r in contacts)
    # About twice the cases: 2.3 F1s per case exposed under a rule, an F2 for one F1 in five.
    assert 1.5 * CASES < len(contacts) < 3 * CASES
    assert 0.1 < levels["F2"] / levels["F1"] < 0.3
    pending = {}
    for row in _rows(url, "SELECT contact_id, due_on, done_on FROM contact_tests"):
        if row[2] is None:
            pending[row[0]] = min(pending.get(row[0], _day(row[1])), _day(row[1]))
    for (code, level, province, case_province, case_code, reported, exposure, found, q_start,
         q_end, m_end, follow_end, policy, setting, source_level, source_q_end, next_test,
         contact_id, relation, ward, case_ward, source_case, source_contact) in contacts:
        if level == "F1":
            assert source_contact is None and source_case is not None
            assert case_province == province and code.startswith(case_code + "-F1-")
            assert _day(found) == _day(reported)
            assert 0 <= (_day(found) - _day(exposure)).days <= 2
            plan = plan_quarantine(_day(exposure), level="F1", identified_on=_day(found))
            assert (policy, setting) == ("5599/BYT-MT", "home") == (plan.policy, plan.setting)
            assert _day(q_end) == _day(exposure) + timedelta(days=14) == plan.quarantine_end
            assert _day(m_end) == _day(follow_end) == _day(q_end) + timedelta(days=14)
            if relation == "household":
                assert ward == case_ward
        else:
            assert source_case is None and source_level == "F1"
            assert (policy, setting, q_end) == ("3638/QĐ-BYT", "none", None)
            assert _day(m_end) == _day(source_q_end)
        assert (_day(next_test) if next_test else None) == pending.get(contact_id)
        assert _day(q_start) == _day(found)
    # Tests before the last day were taken (negative) or skipped (missed); none after it.
    tests = _rows(url, "SELECT due_on, done_on, result FROM contact_tests")
    assert len(tests) == written["contact_tests"]
    assert all(_day(done) == _day(due) and result == "negative"
               for due, done, result in tests if done is not None)
    assert all(_day(due) < curve.LAST_DAY for due, done, _r in tests if done is not None)
    skipped = sum(1 for due, done, _r in tests if done is None and _day(due) < curve.LAST_DAY)
    assert 0 < skipped < 0.12 * len(tests)


def test_calls_are_weekly_and_rows_are_numbered_contact_by_contact(built):
    """The tests and checks are made for a whole chunk at once (national_contacts._Schedule)
    and numbered as the contacts come: each F1's tests by due day; its checks as its taken
    tests, then its calls, then its F2's call; so the same seed gives the same ids."""
    url, result = built
    tests = [(c, str(d)[:10]) for c, d in _rows(
        url, "SELECT contact_id, due_on FROM contact_tests ORDER BY id")]
    assert len(tests) == result["national"]["contact_tests"]
    assert tests == sorted(tests)
    checks = _rows(url, """
        SELECT coalesce(c.source_contact_id, c.id), c.level, k.kind, k.day, c.identified_on,
               c.quarantine_end, c.last_call_on, c.id
        FROM contact_checks k JOIN contacts c ON c.id = k.contact_id ORDER BY k.id""")
    assert len(checks) == result["national"]["contact_checks"]
    place = {("F1", "test"): 0, ("F1", "call"): 1, ("F2", "call"): 2}
    order = [(f1, place[level, kind], str(day)[:10]) for f1, level, kind, day, *_ in checks]
    assert order == sorted(order)
    # The station calls on the day a contact is found, then weekly until its quarantine ends
    # (an F1; at the latest the day before the demo's last day); an F2 once, when found.
    calls: dict[int, tuple[list[date], list[date], date]] = {}
    for _f1, level, kind, day, found, q_end, last_call, contact in checks:
        if kind != "call":
            continue
        until = (min(_day(q_end), curve.LAST_DAY - timedelta(days=1)) if level == "F1"
                 else _day(found))
        weeks = (until - _day(found)).days // national_contacts.CALL_EVERY_DAYS
        expected = [_day(found) + timedelta(days=7 * w) for w in range(weeks + 1)]
        calls.setdefault(contact, ([], expected, _day(last_call)))[0].append(_day(day))
    assert calls
    for made, expected, last_call in calls.values():
        assert made == expected and last_call == expected[-1]


def test_home_care_follows_the_eligible_cases_to_their_release(built):
    url, result = built
    written = result["national"]
    people = _rows(url, """
        SELECT p.id, p.care_status, p.care_start, p.care_end, k.report_day, k.severity, k.age,
               k.vaccine_doses, p.last_checkin_at, r.day, r.policy, p.ward_code, h.ward_code
        FROM homecare_people p JOIN cases k ON k.province_code = p.case_province_code
             AND k.case_id = p.case_id
        JOIN homecare_households h ON h.id = p.household_id
        LEFT JOIN homecare_releases r ON r.person_id = p.id""")
    assert len(people) == written["homecare_people"] > 0
    checkins = Counter(r[0] for r in _rows(
        url, "SELECT person_id, colour FROM homecare_checkins WHERE colour = 'green'"))
    assert sum(checkins.values()) == written["homecare_checkins"]
    released = 0
    for (pid, status, start, end, report_day, severity, age, doses, _last, release_day,
         policy, ward, household_ward) in people:
        assert _day(start) == _day(report_day) >= date(2021, 8, 21)
        assert severity in ("asymptomatic", "mild") and (1 <= age < 50 or doses >= 2)
        assert ward == household_ward
        if status == "released":
            released += 1
            assert _day(end) == _day(release_day) == _day(start) + timedelta(days=9)
            assert policy == "Hà Nội 2021 (day 10 + negative rapid test)"
            days = (_day(end) - _day(start)).days + 1
        else:
            assert status == "home" and end is None and release_day is None
            days = (curve.LAST_DAY - _day(start)).days + 1
        assert checkins[pid] == 2 * days
    assert released == written["homecare_releases"] > 0


def test_the_figures_agree_with_the_line_list(built):
    url, _result = built
    day = curve.LAST_DAY
    by_province = dict(_rows(url, f"""
        SELECT province_code, COUNT(*) FROM cases WHERE report_day = '{day.isoformat()}'
        GROUP BY province_code"""))
    figures = dict(_rows(url, f"""
        SELECT province_code, new_cases FROM aggregate_days WHERE valid_to IS NULL
        AND district_code = 0 AND day = '{day.isoformat()}'"""))
    assert {p: n for p, n in figures.items() if n} == by_province
    total_deaths = _rows(url, "SELECT COUNT(*) FROM cases WHERE outcome = 'died'")[0][0]
    assert _rows(url, "SELECT SUM(deaths) FROM aggregate_days WHERE valid_to IS NULL "
                      "AND district_code = 0")[0][0] == total_deaths
    with session_scope(url) as s:
        report = national_report(s, scope=SYSTEM, day=day)
    assert report["differences"] == []


CASE_ROW = """
    SELECT k.case_id, k.province_code, k.district_code, k.ward_code, k.report_date,
           k.report_time, k.report_day, k.detected_in, k.source, c.name, c.district_code,
           c.ward_code, k.age, k.sex, k.onset_date, k.sample_date, k.vaccine_doses, k.severity,
           k.outcome, k.outcome_date, k.name, k.phone, k.address, k.version
    FROM cases k LEFT JOIN clusters c ON c.id = k.cluster_id"""


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """The national chunks imported file by file into an SQLite file of their own, once for
    both stores' builds."""
    from episurv.cases.importer import import_cases
    from episurv.demo.generator import write_columns_csv
    from episurv.demo.national import national_chunks
    from episurv.setup import init_database

    folder = tmp_path_factory.mktemp("imported")
    url = f"sqlite:///{folder / 'imported.db'}"
    init_database(url)
    path = folder / "chunk.csv"
    for chunk in national_chunks(CASES, SEED):
        write_columns_csv(chunk, path)
        with session_scope(url) as s:
            import_cases(s, path, scope=SYSTEM)
    return url


def test_the_cases_are_those_the_importer_makes_of_the_same_chunks(built, imported):
    """Written straight to the register, the cases (places, reporting day, clusters and where
    they are placed) and their counts equal an import of the same chunks, file by file."""
    url, _result = built

    def norm(rows):
        return sorted(tuple(str(v) if v is not None else None for v in r) for r in rows)

    built_cases, imported_cases = norm(_rows(url, CASE_ROW)), norm(_rows(imported, CASE_ROW))
    assert len(built_cases) == CASES
    assert built_cases == imported_cases
    counts = ("SELECT province_code, report_day, district_code, detected_in, source, n "
              "FROM case_daily_counts")
    assert norm(_rows(url, counts)) == norm(_rows(imported, counts))
    # Clusters numbered in the order the chunks first name them, as the importer numbers them
    # (compared in id order: a PostgreSQL sequence numbers on from the tests before).
    clusters = "SELECT province_code, name FROM clusters ORDER BY id"
    assert [tuple(r) for r in _rows(url, clusters)] == [tuple(r) for r in _rows(imported, clusters)]


def test_the_build_is_audited_once_not_once_per_synthetic_case(built):
    url, result = built
    entries = _rows(url, "SELECT entity, entity_id, action, actor, changes FROM audit_log "
                         "WHERE entity IN ('case', 'demo')")
    assert len(entries) == 1
    entity, entity_id, action, actor, changes = entries[0]
    assert (entity, entity_id, action, actor) == ("demo", "national", "create", "system")
    import json

    changes = changes if isinstance(changes, dict) else json.loads(changes)
    assert changes["cases"] == CASES == result["national"]["cases"]
    assert changes["contacts"] == result["national"]["contacts"]
    assert (changes["seed"], changes["origin"]) == (SEED, "demo national (synthetic)")
