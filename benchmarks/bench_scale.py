"""National scale on PostgreSQL (issue 16): the reports, the follow-up lists, the case list and
the case-code search at EPISURV_BENCH_SCALE_CASES cases (default 10,000,000) with about twice as
many contacts, each against a floor measured in the same run on the same rows.

The data is the national demo (`episurv demo --cases N --provinces all --no-serve`, run as a
command of its own so its time and peak RSS are its own), built once into the PostgreSQL schema
scale_<size> (scale_10m, scale_1m, ...) and reused when present; its rows are exported once
to Parquet beside it (EPISURV_BENCH_SCALE_DIR, default the system's temporary folder).

Floors:
- daily city report, national report, follow-up lists: the same aggregates computed by
  hand-written SQL on DuckDB over the same rows in Parquet (a columnar engine scanning the raw
  rows: what answering without episurv's daily counts and indexes would cost at best);
- case list pages and case-code search: a bare SELECT of the same page on the same PostgreSQL
  database, by the driver, no ORM (DuckDB over Parquet has no index to find a page or a code
  prefix by: a scan of every row is no fair floor for an index lookup).
Each side is the median of EPISURV_BENCH_REPEAT runs (default 7) after one warm-up run.

Run: EPISURV_BENCH_SCALE_CASES=1000000 .venv/bin/python benchmarks/bench_scale.py
Drop a built size: DROP SCHEMA scale_1m CASCADE (and its Parquet folder).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import text

from episurv.accounts.scope import SYSTEM
from episurv.aggregates.rules import STORED
from episurv.cases.service import CaseFilter, list_cases
from episurv.contacts.followup import followup_day
from episurv.db import get_engine, session_scope
from episurv.reporting.daily import daily_report
from episurv.reporting.national import national_report

PG = os.environ.get("EPISURV_BENCH_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
CASES = int(os.environ.get("EPISURV_BENCH_SCALE_CASES", "10000000"))
REPEAT = int(os.environ.get("EPISURV_BENCH_REPEAT", "7"))
SEED = 2021
DAY = date(2021, 11, 21)  # the demo's last day (demo.curve.LAST_DAY)
HANOI, HCMC = 1, 79
WAVE = date(2021, 4, 27)  # settings.wave_start


def _label(n: int) -> str:
    for unit, size in (("m", 1_000_000), ("k", 1_000)):
        if n >= size and n % size == 0:
            return f"{n // size}{unit}"
    return str(n)


SCHEMA = f"scale_{_label(CASES)}"
URL = f"{PG}?options=-csearch_path%3D{SCHEMA}"
PARQUET = Path(os.environ.get("EPISURV_BENCH_SCALE_DIR", tempfile.gettempdir())) / SCHEMA


def _median(fn: Callable[[], object]) -> float:
    fn()
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _built() -> bool:
    with get_engine(PG).connect() as conn:
        if not conn.execute(text("SELECT 1 FROM pg_namespace WHERE nspname = :s"),
                            {"s": SCHEMA}).first():
            return False
    with get_engine(URL).connect() as conn:
        if not conn.execute(text("SELECT to_regclass('bench_scale_done')")).scalar():
            return False
        return conn.execute(text("SELECT cases FROM bench_scale_done")).scalar() == CASES


def build() -> None:
    """The national demo into its schema, by the command a user runs (timed, peak RSS)."""
    with get_engine(PG).begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {SCHEMA}"))
    env = {**os.environ, "EPISURV_DATABASE_URL": URL}
    start = time.perf_counter()
    subprocess.run([str(Path(sys.executable).parent / "episurv"), "demo", "--cases", str(CASES),
                    "--provinces", "all", "--seed", str(SEED), "--no-serve"],
                   env=env, check=True, stdout=subprocess.DEVNULL)
    print(f"scale_build_{_label(CASES)}: {time.perf_counter() - start:.0f} s "
          "(episurv demo --provinces all; its peak RSS is printed above)", flush=True)
    with get_engine(URL).connect() as conn:
        # What autovacuum does after a bulk load: statistics, and the visibility map that lets
        # covering indexes answer alone.
        conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.exec_driver_sql("VACUUM ANALYZE")
        conn.exec_driver_sql("CREATE TABLE bench_scale_done (cases bigint)")
        conn.exec_driver_sql(f"INSERT INTO bench_scale_done VALUES ({CASES})")


EXPORTS = {
    "cases": "SELECT province_code, district_code, ward_code, report_day, detected_in, source, "
             "coalesce(cluster_id, 0) AS cluster_id FROM cases",
    "aggregate_days": "SELECT * FROM aggregate_days WHERE valid_to IS NULL",
    "contacts": "SELECT id, contact_code, level, name, phone, province_code, ward_code, team, "
                "status, exposure_date, quarantine_start, quarantine_end, follow_end, "
                "next_test_on, last_call_on, setting, policy FROM contacts",
}


def export() -> None:
    """The rows the floors read, as Parquet (once per schema)."""
    import duckdb

    PARQUET.mkdir(parents=True, exist_ok=True)
    raw = get_engine(URL).raw_connection()
    try:
        for name, query in EXPORTS.items():
            target = PARQUET / f"{name}.parquet"
            if target.exists():
                continue
            csv = PARQUET / f"{name}.csv"
            with raw.driver_connection.cursor() as cur, open(csv, "wb") as out, cur.copy(
                    f"COPY ({query}) TO STDOUT WITH (FORMAT csv, HEADER)") as copy:
                for block in copy:
                    out.write(block)
            # A measure no province sent is empty throughout: name its type, not VARCHAR.
            types = {m: "BIGINT" for m in STORED} if name == "aggregate_days" else {}
            named = f", types={types!r}" if types else ""
            duckdb.execute(f"COPY (SELECT * FROM read_csv_auto('{csv}', header=true{named})) "
                           f"TO '{target}' (FORMAT parquet)")
            csv.unlink()
    finally:
        raw.close()


# --- floors: hand-written SQL on DuckDB over the same rows -------------------------------------

def _duck():
    import duckdb

    con = duckdb.connect()
    for name in EXPORTS:
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM '{PARQUET / name}.parquet'")
    return con


def duck_daily(con, province: int) -> None:
    """The daily report's five aggregates (reporting.daily) from the raw case rows."""
    p = {"p": province, "day": DAY, "since": WAVE}
    for sql in (
            "SELECT report_day, detected_in, count(*) FROM cases WHERE province_code = $p "
            "AND report_day BETWEEN $since AND $day GROUP BY ALL",
            "SELECT district_code, detected_in, count(*) FROM cases WHERE province_code = $p "
            "AND report_day = $day GROUP BY ALL",
            "SELECT source, count(*) FROM cases WHERE province_code = $p AND report_day = $day "
            "GROUP BY ALL",
            "SELECT source, count(*) FROM cases WHERE province_code = $p AND report_day = $day "
            "AND cluster_id = 0 GROUP BY ALL",
            "SELECT cluster_id, min(report_day), max(report_day), count(*), "
            "count(*) FILTER (report_day = $day) FROM cases WHERE province_code = $p "
            "AND cluster_id <> 0 AND report_day <= $day GROUP BY ALL"):
        con.execute(sql, {k: v for k, v in p.items() if f"${k}" in sql}).fetchall()


def duck_national(con) -> None:
    """The national report's aggregates (reporting.national): the provinces' figures of the
    window, cumulative and per day, and the line list's counts beside them."""
    p = {"day": DAY, "since": date.fromordinal(DAY.toordinal() - 15), "wave": WAVE}
    measures = ("new_cases, community, quarantine, imported, domestic, deaths, recovered, "
                "severe, tests_samples, tests_people, doses, first_doses, second_doses")
    sums = ", ".join(f"sum({m.strip()})" for m in measures.split(","))
    for sql in (
            f"SELECT province_code, day, {measures} FROM aggregate_days WHERE district_code = 0 "
            "AND day BETWEEN $since AND $day",
            "SELECT province_code, report_day, detected_in, count(*) FROM cases "
            "WHERE report_day BETWEEN $since AND $day GROUP BY ALL",
            f"SELECT province_code, {sums} FROM aggregate_days WHERE district_code = 0 "
            "AND day <= $day GROUP BY ALL",
            "SELECT province_code, detected_in, count(*), count(*) FILTER (report_day >= $wave) "
            "FROM cases WHERE report_day <= $day GROUP BY ALL",
            "SELECT day, sum(community), sum(quarantine), sum(imported), sum(deaths) "
            "FROM aggregate_days WHERE district_code = 0 AND day BETWEEN $wave AND $day "
            "GROUP BY ALL",
            "SELECT report_day, detected_in, count(*) FROM cases "
            "WHERE report_day BETWEEN $wave AND $day GROUP BY ALL"):
        con.execute(sql, {k: v for k, v in p.items() if f"${k}" in sql}).fetchall()


def duck_followup(con, province: int, ward: int | None) -> None:
    """The follow-up's counts per ward and team and its 200 most urgent people
    (contacts.followup), over the raw contact rows."""
    where = ("status IN ('active', 'declared') AND follow_end >= $day "
             "AND quarantine_start <= $day AND province_code = $p"
             + (" AND ward_code = $w" if ward else ""))
    q = "quarantine_end IS NOT NULL AND quarantine_end >= $day"
    call_due = f"{q} AND (last_call_on IS NULL OR last_call_on < $day)"
    call_missed = ("quarantine_start <= $y AND quarantine_end IS NOT NULL AND "
                   "quarantine_end >= $y AND (last_call_on IS NULL OR last_call_on < $y)")
    p = {"day": DAY, "p": province, "y": date.fromordinal(DAY.toordinal() - 1)}
    if ward:
        p["w"] = ward
    con.execute(
        f"SELECT ward_code, team, count(*), count(*) FILTER ({q}), "
        f"count(*) FILTER ({call_due}), count(*) FILTER ({call_missed}), "
        "count(*) FILTER (next_test_on = $day), count(*) FILTER (next_test_on < $day) "
        f"FROM contacts WHERE {where} GROUP BY ALL", p).fetchall()
    con.execute(
        "SELECT id, contact_code, level, name, phone, ward_code, team, exposure_date, "
        "quarantine_start, quarantine_end, follow_end, next_test_on, last_call_on, setting, "
        f"policy, status FROM contacts WHERE {where} ORDER BY CASE WHEN next_test_on < $day "
        f"THEN 0 WHEN {call_missed} THEN 1 WHEN next_test_on = $day THEN 2 WHEN {call_due} "
        "THEN 3 ELSE 4 END, ward_code, id LIMIT 200", p).fetchall()


# --- floors: a bare SELECT on the same PostgreSQL database ------------------------------------

def bare(sql: str, params: dict):
    def run() -> None:
        raw = get_engine(URL).raw_connection()
        try:
            with raw.driver_connection.cursor() as cur:
                cur.execute(sql, params)
                cur.fetchall()
        finally:
            raw.close()
    return run


PAGE = ("SELECT * FROM cases WHERE (report_day, id) < (%(day)s, %(id)s) "
        "ORDER BY report_day DESC, id DESC LIMIT 51")
FIRST_PAGE = "SELECT * FROM cases ORDER BY report_day DESC, id DESC LIMIT 51"
SEARCH = ("SELECT * FROM cases WHERE case_id LIKE %(prefix)s "
          "ORDER BY report_day DESC, id DESC LIMIT 51")


def _line(name: str, seconds: float, floor: float, what: str) -> None:
    print(f"{name}: {seconds * 1000:.1f} ms, floor {floor * 1000:.1f} ms ({what}), "
          f"ratio {seconds / floor:.2f}", flush=True)


def _unambiguous(ward: int) -> bool:
    from episurv.errors import InvalidInput
    from episurv.geo.units import WARD, register

    try:
        return register().resolve(register().get(WARD, ward).name, WARD,
                                  province=HCMC).code == ward
    except InvalidInput:
        return False


def measure() -> None:
    con = _duck()

    def app(fn):
        def run():
            with session_scope(URL) as session:
                return fn(session)
        return run

    with session_scope(URL) as s:
        counts = {t: s.execute(text(f"SELECT count(*) FROM {t}")).scalar()
                  for t in ("cases", "contacts", "homecare_checkins", "aggregate_days")}
        # The ward of Ho Chi Minh City with the most people followed on the day, among those
        # whose name says which ward it is (the follow-up takes a name; "Phường 14" is ten).
        busiest = s.execute(text(
            "SELECT ward_code FROM contacts WHERE province_code = :p AND follow_end >= :d "
            "AND quarantine_start <= :d GROUP BY ward_code ORDER BY count(*) DESC, ward_code"
            ), {"p": HCMC, "d": DAY}).scalars().all()
        ward = next(w for w in busiest if _unambiguous(w))
        later = s.execute(text("SELECT report_day, id FROM cases ORDER BY report_day DESC, "
                               "id DESC OFFSET 5000 LIMIT 1")).one()
        common = "BN0"
        rare = s.execute(text("SELECT left(case_id, 9) FROM cases ORDER BY id LIMIT 1 "
                              "OFFSET :n"), {"n": counts["cases"] // 2}).scalar()
        matches = {p: s.execute(text("SELECT count(*) FROM cases WHERE case_id LIKE :p"),
                                {"p": p + "%"}).scalar() for p in (common, rare)}
    print(f"scale_rows_{_label(CASES)}: " + ", ".join(f"{t} {n:,}" for t, n in counts.items())
          + f"; search prefixes {rare!r} ({matches[rare]:,} cases), {common!r} "
          f"({matches[common]:,})", flush=True)

    from episurv.geo.units import WARD, register

    ward_name = register().get(WARD, ward).name
    duck = "DuckDB SQL over the same rows in Parquet"
    pg = "bare SELECT of the same page on PostgreSQL"
    for name, fn, floor, what in (
            ("daily_report_hcmc", app(lambda s: daily_report(s, HCMC, DAY)),
             lambda: duck_daily(con, HCMC), duck),
            ("daily_report_hanoi", app(lambda s: daily_report(s, HANOI, DAY)),
             lambda: duck_daily(con, HANOI), duck),
            ("national_report", app(lambda s: national_report(s, scope=SYSTEM, day=DAY)),
             lambda: duck_national(con), duck),
            (f"followup_ward ({ward_name})",
             app(lambda s: followup_day(s, scope=SYSTEM, day=DAY, province="Hồ Chí Minh",
                                        ward=ward_name)),
             lambda: duck_followup(con, HCMC, ward), duck),
            ("followup_city_hcmc",
             app(lambda s: followup_day(s, scope=SYSTEM, day=DAY, province="Hồ Chí Minh")),
             lambda: duck_followup(con, HCMC, None), duck),
            ("case_list_first_page", app(lambda s: list_cases(s, scope=SYSTEM)),
             bare(FIRST_PAGE, {}), pg),
            ("case_list_page_after_5000",
             app(lambda s: list_cases(s, scope=SYSTEM, after=(later[0], later[1]))),
             bare(PAGE, {"day": later[0], "id": later[1]}), pg),
            (f"case_search_rare ({rare})",
             app(lambda s: list_cases(s, scope=SYSTEM, filters=CaseFilter(case_id=rare))),
             bare(SEARCH, {"prefix": rare + "%"}), pg),
            (f"case_search_common ({common})",
             app(lambda s: list_cases(s, scope=SYSTEM, filters=CaseFilter(case_id=common))),
             bare(SEARCH, {"prefix": common + "%"}), pg)):
        seconds = _median(fn)
        _line(name, seconds, _median(floor), what)


def main() -> None:
    import importlib.util

    if importlib.util.find_spec("duckdb") is None:
        # Before a build that can take an hour, not after it: the floors need DuckDB.
        sys.exit("bench_scale needs duckdb, the floor of its reports: `make bench` installs it "
                 "(pip install -e '.[bench]')")
    if _built():
        print(f"scale: reusing schema {SCHEMA}", flush=True)
    else:
        build()
    export()
    measure()


if __name__ == "__main__":
    main()
