"""Epidemic levels from the database (issue 13):

- every ward of the country (10,598) for one week: target under 2 s;
- a year of weekly history (52 weeks) for Hà Nội's 579 wards: target under 5 s.

Baselines, measured in the same run on the same database: the least each assessment must read,
as plain SQL (the week's community cases grouped by ward, resp. the year's grouped by ward and
day, and the units with their population); the ratio says what the rules, the inputs and the
explanations cost on top. Data: ward population for every ward, a coverage and a capacity row per
ward, and a synthetic line list (national: 56,000 cases in the assessed week; Hà Nội: 40,000 over
the year), inserted in bulk. Runs on SQLite, and on PostgreSQL when EPISURV_BENCH_POSTGRES (or the
tests' server) is reachable. Figures are the median of several runs.

Run: .venv/bin/python benchmarks/bench_levels.py
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import numpy as np
from sqlalchemy import text

from episurv.cases.models import Case
from episurv.db import get_engine, session_scope
from episurv.geo.units import WARD, register
from episurv.levels import service
from episurv.levels.models import LevelCapacity, LevelCoverage
from episurv.setup import init_database

DAY = date(2021, 11, 13)
WEEKS = 52
HANOI = 1
SEED = 20211113
PG = os.environ.get("EPISURV_BENCH_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def median_of(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """The median wall time and the median CPU time of this process (on a shared machine the
    wall time also counts the waits for a core; the CPU time does not count the server's work
    on PostgreSQL)."""
    times, cpu = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return statistics.median(times), statistics.median(cpu)


def load(url: str) -> None:
    init_database(url)
    rng = np.random.default_rng(SEED)
    wards = sorted(register().units(WARD, None), key=lambda u: u.code)
    now = datetime.now(UTC)
    with session_scope(url) as session:
        session.execute(text("UPDATE admin_units SET population = 9000 + (code % 7) * 1000 "
                             "WHERE level = 'ward'"))
        cov, cap = [], []
        for w in wards:
            base = dict(province_code=w.province_code, unit_level=WARD, unit_code=w.code,
                        as_of=date(2021, 11, 1), source="bench", imported_by="bench",
                        imported_at=now)
            cov.append(dict(base, adult_dose1_pct=float(rng.uniform(60, 99)),
                            elderly_full_pct=float(rng.uniform(60, 99)),
                            population_full_pct=None, high_risk_full_pct=None))
            cap.append(dict(base, oxygen_at_station=bool(rng.random() > 0.05),
                            mobile_station_plan=True, free_beds_per_100k=None, icu_beds=None))
        session.execute(LevelCoverage.__table__.insert(), cov)
        session.execute(LevelCapacity.__table__.insert(), cap)
        rows = []
        # The national week: 8,000 cases a day spread over the country's wards.
        picks = rng.integers(0, len(wards), 56_000)
        days = rng.integers(0, 7, len(picks))
        for i, (k, d) in enumerate(zip(picks, days, strict=True)):
            rows.append(_case(f"N{i}", wards[k], DAY - timedelta(days=int(d)), rng))
        # Hà Nội's year: 40,000 cases over 364 days.
        hanoi = [w for w in wards if w.province_code == HANOI]
        picks = rng.integers(0, len(hanoi), 40_000)
        days = rng.integers(7, 7 * WEEKS, len(picks))
        for i, (k, d) in enumerate(zip(picks, days, strict=True)):
            rows.append(_case(f"H{i}", hanoi[k], DAY - timedelta(days=int(d)), rng))
        for start in range(0, len(rows), 20_000):
            session.execute(Case.__table__.insert(), rows[start:start + 20_000])


def _case(case_id: str, ward, day: date, rng) -> dict:
    return dict(case_id=case_id, province_code=ward.province_code, district_code=ward.parent_code,
                ward_code=ward.code, report_date=day, report_day=day,
                detected_in="community" if rng.random() < 0.5 else "quarantine",
                source="unknown", outcome="active", version=1)


def run(label: str, url: str) -> None:
    t0 = time.perf_counter()
    load(url)
    print(f"# {label} setup: 10,598 wards, 96,000 cases loaded in {time.perf_counter() - t0:.1f} s")

    def baseline_week() -> None:
        with session_scope(url) as session:
            session.execute(text(
                "SELECT ward_code, COUNT(*) FROM cases WHERE detected_in = 'community' AND "
                "report_day BETWEEN :a AND :b GROUP BY ward_code"),
                {"a": DAY - timedelta(days=13), "b": DAY}).all()
            session.execute(text("SELECT code, population FROM admin_units "
                                 "WHERE level = 'ward'")).all()

    def week() -> None:
        with session_scope(url) as session:
            result = service.assess_week(session, scope=None, province_code=None, day=DAY,
                                         unit=WARD)
            assert len(result.units) == 10_598
            assert result.counts["none"] == 0, result.counts

    def baseline_year() -> None:
        with session_scope(url) as session:
            session.execute(text(
                "SELECT ward_code, report_day, COUNT(*) FROM cases WHERE province_code = 1 AND "
                "detected_in = 'community' AND report_day BETWEEN :a AND :b "
                "GROUP BY ward_code, report_day"),
                {"a": DAY - timedelta(days=7 * (WEEKS + 1)), "b": DAY}).all()
            session.execute(text("SELECT code, population FROM admin_units "
                                 "WHERE level = 'ward' AND province_code = 1")).all()

    def year() -> None:
        with session_scope(url) as session:
            series = service.province_history(session, scope=None, province_code=HANOI,
                                               day=DAY, weeks=WEEKS)
            assert len(series) == 579 and all(len(s) == WEEKS for s in series.values())

    (base_w, base_w_cpu) = median_of(baseline_week, 7)
    (week_s, week_cpu) = median_of(week, 5)
    (base_y, base_y_cpu) = median_of(baseline_year, 7)
    (year_s, year_cpu) = median_of(year, 5)
    print(f"{label} baseline: the week's grouped ward counts and populations: "
          f"{base_w * 1000:.0f} ms, CPU {base_w_cpu * 1000:.0f} ms (ratio 1.00 x baseline)")
    print(f"{label} levels of all 10,598 wards for one week: {week_s * 1000:.0f} ms, CPU "
          f"{week_cpu * 1000:.0f} ms (ratio {week_s / base_w:.1f} x baseline; target < 2000 ms)")
    print(f"{label} baseline: Hà Nội's year of grouped ward-day counts and populations: "
          f"{base_y * 1000:.0f} ms, CPU {base_y_cpu * 1000:.0f} ms (ratio 1.00 x baseline)")
    print(f"{label} 52 weeks of levels for Hà Nội's 579 wards: {year_s * 1000:.0f} ms, CPU "
          f"{year_cpu * 1000:.0f} ms (ratio {year_s / base_y:.1f} x baseline; target < 5000 ms)")
    print(f"# {label} load average over the last minute: {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        run("sqlite", url)
        get_engine(url).dispose()
    schema = f"bench_levels_{uuid.uuid4().hex[:8]}"
    try:
        admin = get_engine(PG)
        with admin.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
    except Exception as exc:  # noqa: BLE001 - no server: report and skip that backend
        print(f"postgresql: not run ({exc.__class__.__name__})")
        return
    url = f"{PG}?options=-csearch_path%3D{schema}"
    try:
        run("postgresql", url)
    finally:
        get_engine(url).dispose()
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))


if __name__ == "__main__":
    main()
