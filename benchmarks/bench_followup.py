"""The follow-up of the day for a city with 200,000 contacts still followed (plus 200,000 whose
follow-up is over), on SQLite and PostgreSQL.

Target (issue 4): the city's list (counts per station and team, and the 200 most urgent people)
answers in under 300 ms on PostgreSQL, the production store (embedded SQLite serves a district or
a demo; its city figure is printed too). Baseline, same run, same table: a bare SELECT count(*)
of the contacts followed that day (the least any answer must read).

Run: .venv/bin/python benchmarks/bench_followup.py
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert, text

from episurv.accounts.scope import SYSTEM
from episurv.contacts.followup import followup_day
from episurv.contacts.models import Contact
from episurv.db import get_engine, session_scope
from episurv.geo.units import WARD, register
from episurv.setup import init_database

PG = os.environ.get("EPISURV_BENCH_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
ACTIVE, PAST = 200_000, 200_000
DAY = date(2021, 11, 20)
HANOI = 1


def _rows(seed: int = 4):
    rng = random.Random(seed)
    wards = [u for u in register().units(WARD) if u.province_code == HANOI]
    for i in range(ACTIVE + PAST):
        ward = rng.choice(wards)
        # Followed: exposed in the last 13 days; past: exposed 40-90 days before.
        exposure = DAY - timedelta(days=rng.randint(0, 13) if i < ACTIVE
                                   else rng.randint(40, 90))
        q_end = exposure + timedelta(days=14)
        tests = [exposure + timedelta(days=n) for n in (1, 7, 14)]
        pending = [t for t in tests if t >= DAY - timedelta(days=rng.choice((0, 0, 0, 2)))]
        yield {
            "contact_code": f"B-{i}", "level": "F1", "province_code": HANOI,
            "district_code": ward.parent_code, "ward_code": ward.code,
            "team": f"Tổ {rng.randint(1, 4)}", "exposure_date": exposure, "relation": "household",
            "identified_on": exposure, "name": f"Người {i}", "phone": f"09{i:08d}",
            "policy": "5599/BYT-MT", "protected": False, "setting": "home",
            "quarantine_start": exposure, "quarantine_end": q_end,
            "monitoring_end": q_end + timedelta(days=14),
            "follow_end": q_end + timedelta(days=14),
            "next_test_on": min(pending) if pending else None,
            "last_call_on": DAY - timedelta(days=rng.choice((0, 1, 1, 2))),
            "status": "active", "origin": "import", "version": 1,
        }


def _load(url: str) -> None:
    init_database(url)
    batch: list[dict] = []
    with session_scope(url) as session:
        for row in _rows():
            batch.append(row)
            if len(batch) == 20_000:
                session.execute(insert(Contact), batch)
                batch = []
        if batch:
            session.execute(insert(Contact), batch)
    with get_engine(url).connect() as conn:
        # What autovacuum does after a bulk load; PostgreSQL then reads the covering index alone.
        conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.exec_driver_sql("ANALYZE" if conn.dialect.name == "sqlite"
                             else "VACUUM ANALYZE contacts")


def _median(fn, repeat: int = 7) -> float:
    fn()  # warm: caches, the register, prepared plans
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _measure(label: str, url: str) -> None:
    def baseline() -> None:
        with get_engine(url).connect() as conn:
            conn.execute(text("SELECT count(*) FROM contacts WHERE province_code = :p AND "
                              "follow_end >= :d AND quarantine_start <= :d"),
                         {"p": HANOI, "d": DAY}).scalar()

    def city() -> dict:
        with session_scope(url) as session:
            return followup_day(session, scope=SYSTEM, day=DAY, province="Hà Nội", limit=200)

    def station() -> dict:
        with session_scope(url) as session:
            return followup_day(session, scope=SYSTEM, day=DAY, province="Hà Nội",
                                ward="Dịch Vọng", limit=200)

    base = _median(baseline)
    totals = city()["totals"]
    for name, fn in ((f"followup_city_{label}", city), (f"followup_ward_{label}", station)):
        seconds = _median(fn)
        print(f"{name}: {seconds * 1000:.1f} ms (ratio {seconds / base:.2f} x baseline)",
              flush=True)
    print(f"baseline_count_{label}: {base * 1000:.1f} ms (followed {totals['followed']:,}, "
          f"calls due {totals['call_due']:,}, tests due {totals['test_due']:,}, "
          f"tests missed {totals['test_missed']:,})", flush=True)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'followup.db'}"
        _load(url)
        _measure("sqlite", url)
        get_engine(url).dispose()
    schema = f"bench_followup_{uuid.uuid4().hex[:8]}"
    admin = get_engine(PG)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    url = f"{PG}?options=-csearch_path%3D{schema}"
    try:
        _load(url)
        _measure("postgresql", url)
    finally:
        get_engine(url).dispose()
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))


if __name__ == "__main__":
    main()
