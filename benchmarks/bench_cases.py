"""Case register speed: import (SQLite, PostgreSQL), the daily report and the case list at
1,000,000 cases. Each figure is printed with a baseline measured in the same run.

Targets (issue 2 and 3): import within 3x of a bare sqlite3 executemany INSERT of the same rows;
daily report with 1,000,000 cases under 200 ms without scanning the line list; a case list page
under 200 ms at 1,000,000 cases.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

from sqlalchemy import text

from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.cases.service import CaseFilter, list_cases
from episurv.cases.vocabulary import COLUMNS
from episurv.db import get_engine, session_scope
from episurv.demo.generator import generate_columns, write_columns_csv
from episurv.reporting.daily import daily_report
from episurv.setup import init_database

PG = os.environ.get("EPISURV_BENCH_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _best(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _line(name: str, seconds: float, baseline: float, extra: str = "") -> None:
    print(f"{name}: {seconds * 1000:.1f} ms (ratio {seconds / baseline:.2f} x baseline){extra}",
          flush=True)


def bench_import(workdir: Path, n: int = 200_000) -> None:
    columns = generate_columns(n, seed=11)
    csv_path = workdir / "cases.csv"
    write_columns_csv(columns, csv_path)
    rows = list(zip(*(columns[c] for c in COLUMNS), strict=False))

    base_db = workdir / "baseline.db"
    conn = sqlite3.connect(base_db)
    conn.execute(f"CREATE TABLE cases ({', '.join(c + ' TEXT' for c in COLUMNS)})")
    start = time.perf_counter()
    conn.executemany(f"INSERT INTO cases VALUES ({', '.join('?' * len(COLUMNS))})", rows)
    conn.commit()
    baseline = time.perf_counter() - start
    conn.close()
    print(f"baseline sqlite3 executemany INSERT: {n / baseline:,.0f} rows/s "
          f"({baseline:.2f} s for {n:,} rows)", flush=True)

    url = f"sqlite:///{workdir / 'import.db'}"
    init_database(url)
    start = time.perf_counter()
    with session_scope(url) as session:
        import_cases(session, csv_path, scope=SYSTEM)
    took = time.perf_counter() - start
    print(f"episurv import cases (SQLite, validate + match + upsert + counts + audit): "
          f"{n / took:,.0f} rows/s ({took:.2f} s; ratio {took / baseline:.2f} x baseline; "
          f"target <= 3)", flush=True)

    start = time.perf_counter()
    with session_scope(url) as session:
        import_cases(session, csv_path, scope=SYSTEM)
    again = time.perf_counter() - start
    print(f"episurv re-import of the same file (no changes): {n / again:,.0f} rows/s "
          f"(ratio {again / baseline:.2f} x baseline)", flush=True)

    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = get_engine(PG)
    with admin.begin() as c:
        c.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        pg_url = f"{PG}?options=-csearch_path%3D{schema}"
        init_database(pg_url)
        start = time.perf_counter()
        with session_scope(pg_url) as session:
            import_cases(session, csv_path, scope=SYSTEM)
        took_pg = time.perf_counter() - start
        print(f"episurv import cases (PostgreSQL, COPY + upsert): {n / took_pg:,.0f} rows/s "
              f"({took_pg:.2f} s; ratio {took_pg / baseline:.2f} x sqlite baseline)", flush=True)
        get_engine(pg_url).dispose()
    finally:
        with admin.begin() as c:
            c.execute(text(f"DROP SCHEMA {schema} CASCADE"))


def bench_million(workdir: Path, n: int = 1_000_000) -> None:
    columns = generate_columns(n, seed=5)
    csv_path = workdir / "million.csv"
    write_columns_csv(columns, csv_path)
    url = f"sqlite:///{workdir / 'million.db'}"
    init_database(url)
    start = time.perf_counter()
    with session_scope(url) as session:
        import_cases(session, csv_path, scope=SYSTEM)
    print(f"(setup: imported {n:,} cases in {time.perf_counter() - start:.1f} s)", flush=True)
    day = date(2021, 11, 7)
    engine = get_engine(url)

    def count_day() -> None:
        with engine.connect() as c:
            c.execute(text("SELECT COUNT(*) FROM cases WHERE province_code = 1 "
                           "AND report_day = :d"), {"d": day.isoformat()}).scalar()

    def scan() -> None:
        with engine.connect() as c:
            c.execute(text("SELECT report_day, detected_in, COUNT(*) FROM cases "
                           "WHERE province_code = 1 GROUP BY report_day, detected_in")).all()

    def report() -> None:
        with session_scope(url) as session:
            daily_report(session, 1, day)

    baseline = _best(count_day)
    print(f"baseline: indexed COUNT of one day's cases: {baseline * 1000:.1f} ms", flush=True)
    _line("line-list scan grouped by day (what the report avoids)", _best(scan, 3), baseline)
    _line(f"daily report, {n:,} cases (target < 200 ms)", _best(report), baseline)

    with session_scope(url) as session:
        ba_dinh = CaseFilter(province_code=1, district_code=1)
        first, cursor = list_cases(session, scope=SYSTEM, filters=CaseFilter(province_code=1))
        for _ in range(200):  # walk deep into the list
            _page, cursor = list_cases(session, scope=SYSTEM,
                                       filters=CaseFilter(province_code=1), after=cursor)

        def page_first() -> None:
            list_cases(session, scope=SYSTEM, filters=CaseFilter(province_code=1))

        def page_deep() -> None:
            list_cases(session, scope=SYSTEM, filters=CaseFilter(province_code=1), after=cursor)

        def page_filtered() -> None:
            list_cases(session, scope=SYSTEM, filters=ba_dinh)

        def page_search() -> None:
            list_cases(session, scope=SYSTEM, filters=CaseFilter(province_code=1,
                                                                  case_id="BN5"))

        _line("case list, first page of 50 (target < 200 ms)", _best(page_first), baseline)
        _line("case list, page 201 by cursor", _best(page_deep), baseline)
        _line("case list, district filter", _best(page_filtered), baseline)
        _line("case list, case id search", _best(page_search), baseline)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        bench_import(Path(tmp))
        bench_million(Path(tmp))


if __name__ == "__main__":
    main()
