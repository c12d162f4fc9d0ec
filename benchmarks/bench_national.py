"""The national report for one day with 63 provinces x 700 days of figures in the database.

Target (issue 5): under 300 ms. Baseline, measured in the same run on the same database: a plain
SELECT of the day's rows (the 63 provinces' figures of that day), the least any report must read.
Loaded through the service (aggregates.service.submit), as an import would, with 11 measures
per province and day. Runs on SQLite, and on PostgreSQL when EPISURV_BENCH_POSTGRES (or the
tests' server, postgresql+psycopg://postgres@127.0.0.1:5432/test) is reachable.

Run: .venv/bin/python benchmarks/bench_national.py
"""

from __future__ import annotations

import os
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import numpy as np
from sqlalchemy import text

from episurv.accounts.scope import SYSTEM
from episurv.aggregates.service import Figure, submit
from episurv.db import get_engine, session_scope
from episurv.geo.census2019 import PROVINCES
from episurv.reporting.national import national_report
from episurv.setup import init_database

DAYS = 700
FIRST = date(2020, 1, 1)
REPORT_DAY = FIRST + timedelta(days=DAYS - 1)  # 30/11/2021
SEED = 20211107
PG = os.environ.get("EPISURV_BENCH_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def figures() -> list[Figure]:
    """Plausible daily figures: cases around a wave per province, parts that add up."""
    rng = np.random.default_rng(SEED)
    out: list[Figure] = []
    t = np.arange(DAYS)
    for p in sorted(PROVINCES):
        peak = rng.uniform(450, 650)
        size = rng.lognormal(3.5, 1.3)
        curve = size * np.exp(-(((t - peak) / 40.0) ** 2)) + 0.5
        cases = rng.poisson(curve)
        quarantine = rng.binomial(cases, 0.55)
        deaths = rng.binomial(cases, 0.02)
        recovered = rng.binomial(cases, 0.9)
        tests = rng.poisson(20 * curve + 200)
        first = rng.poisson(3000, DAYS)
        second = rng.poisson(1500, DAYS)
        for i in range(DAYS):
            day = FIRST + timedelta(days=i)
            values = {"new_cases": cases[i], "community": cases[i] - quarantine[i],
                      "quarantine": quarantine[i], "deaths": deaths[i],
                      "recovered": recovered[i], "severe": deaths[i] * 3,
                      "tests_samples": tests[i], "tests_people": tests[i] * 3,
                      "first_doses": first[i], "second_doses": second[i],
                      "imported": int(i % 50 == 0)}
            if values["imported"]:
                values["new_cases"] += 1
            out += [Figure(p, 0, day, m, int(v)) for m, v in values.items()]
    return out


def best_of(fn: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def run(label: str, url: str, data: list[Figure]) -> None:
    init_database(url)
    t0 = time.perf_counter()
    with session_scope(url) as session:
        submit(session, data, scope=SYSTEM, source="benchmark")
    load_s = time.perf_counter() - t0

    def baseline() -> None:
        with session_scope(url) as session:
            rows = session.execute(text(
                "SELECT * FROM aggregate_days WHERE valid_to IS NULL AND district_code = 0 "
                "AND day = :d"), {"d": REPORT_DAY}).all()
            assert len(rows) == len(PROVINCES)

    def report() -> None:
        with session_scope(url) as session:
            r = national_report(session, scope=SYSTEM, day=REPORT_DAY)
            assert len(r["epi_curve"]) == (REPORT_DAY - date(2021, 4, 27)).days + 1
            assert r["total_cases"] > r["wave"]["cases"] > 0

    moment = datetime.now(UTC)

    def report_as_of() -> None:
        with session_scope(url) as session:
            national_report(session, scope=SYSTEM, day=REPORT_DAY, as_of=moment)

    base_s = best_of(baseline, 20)
    report_s = best_of(report, 5)
    as_of_s = best_of(report_as_of, 3)
    print(f"# {label} setup: {len(data):,} figures loaded through submit in {load_s:.1f} s")
    print(f"{label} baseline select of the day's rows: {base_s * 1000:.2f} ms "
          f"(ratio 1.00 x baseline)")
    print(f"{label} national report 63 provinces x {DAYS} days: {report_s * 1000:.1f} ms "
          f"(ratio {report_s / base_s:.2f} x baseline; target < 300 ms)")
    print(f"{label} national report as of a moment: {as_of_s * 1000:.1f} ms "
          f"(ratio {as_of_s / base_s:.2f} x baseline)")


def main() -> None:
    data = figures()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        run("sqlite", url, data)
        get_engine(url).dispose()
    schema = f"bench_national_{uuid.uuid4().hex[:8]}"
    try:
        admin = get_engine(PG)
        with admin.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
    except Exception as exc:  # noqa: BLE001 - no server: report and skip that backend
        print(f"postgresql: not run ({exc.__class__.__name__})")
        return
    url = f"{PG}?options=-csearch_path%3D{schema}"
    try:
        run("postgresql", url, data)
    finally:
        get_engine(url).dispose()
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))


if __name__ == "__main__":
    main()
