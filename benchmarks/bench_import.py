"""The line-list import at scale (issue 11): first import and re-import of an unchanged file,
each against a bare baseline measured in the same run (median of RUNS runs per side), and the
peak memory (RSS) of each import, measured in its own process.

Targets: on SQLite each within 3x a bare sqlite3 `executemany` INSERT of the same rows; on
PostgreSQL within 2x a bare COPY of the same rows into a table of the same columns; peak RSS
under 400 MB whatever the file size. EPISURV_BENCH_IMPORT_ROWS sets the size (default 200,000).
"""

from __future__ import annotations

import csv
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

PG = os.environ.get("EPISURV_BENCH_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
ROWS = int(os.environ.get("EPISURV_BENCH_IMPORT_ROWS", "200000"))
RUNS = int(os.environ.get("EPISURV_BENCH_RUNS", "3"))

# One import in a fresh interpreter: its peak RSS is the import's alone.
_CHILD = """
import sys, time
from pathlib import Path
from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.db import session_scope
start = time.perf_counter()
with session_scope(sys.argv[1]) as session:
    import_cases(session, Path(sys.argv[2]), scope=SYSTEM)
print(time.perf_counter() - start)
"""


def _import(url: str, path: Path) -> tuple[float, float]:
    """Seconds spent importing (inside the child) and the child's peak RSS in MB."""
    child = subprocess.Popen([sys.executable, "-c", _CHILD, url, str(path)],
                             stdout=subprocess.PIPE, text=True)
    out = child.stdout.read() if child.stdout else ""
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"import failed with exit code {child.returncode}")
    return float(out.strip().splitlines()[-1]), usage.ru_maxrss / 1024


def _median(values: list[float]) -> float:
    return statistics.median(values)


def _print(label: str, seconds: list[float], rss: list[float], baseline: float,
           target: float) -> None:
    took = _median(seconds)
    print(f"{label}: {ROWS / took:,.0f} rows/s ({took:.2f} s; ratio {took / baseline:.2f} x "
          f"baseline; target <= {target:g}); peak RSS {max(rss):.0f} MB (target < 400)",
          flush=True)


def _rows(path: Path) -> tuple[list[str], list[tuple]]:
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        return header, [tuple(r) for r in reader]


def bench_sqlite(workdir: Path, path: Path) -> None:
    from episurv.setup import init_database

    header, rows = _rows(path)
    times = []
    for run in range(RUNS):
        conn = sqlite3.connect(workdir / f"baseline{run}.db")
        conn.execute(f"CREATE TABLE cases ({', '.join(c + ' TEXT' for c in header)})")
        start = time.perf_counter()
        conn.executemany(f"INSERT INTO cases VALUES ({', '.join('?' * len(header))})", rows)
        conn.commit()
        times.append(time.perf_counter() - start)
        conn.close()
    baseline = _median(times)
    print(f"baseline sqlite3 executemany INSERT: {ROWS / baseline:,.0f} rows/s "
          f"({baseline:.2f} s for {ROWS:,} rows, median of {RUNS})", flush=True)
    first, again, rss = [], [], []
    for run in range(RUNS):
        url = f"sqlite:///{workdir / f'import{run}.db'}"
        init_database(url)
        took, mb = _import(url, path)
        first.append(took)
        rss.append(mb)
        took, mb = _import(url, path)
        again.append(took)
        rss.append(mb)
    _print("episurv import (SQLite, first)", first, rss[0::2], baseline, 3)
    _print("episurv re-import of the same file (SQLite)", again, rss[1::2], baseline, 3)


def bench_postgres(path: Path) -> None:
    from sqlalchemy import text

    from episurv.db import get_engine
    from episurv.setup import init_database

    header, rows = _rows(path)
    admin = get_engine(PG)
    schemas = []
    try:
        times = []
        raw = admin.raw_connection()
        try:
            cur = raw.cursor()
            for _ in range(RUNS):
                cur.execute("DROP TABLE IF EXISTS bench_copy_baseline")
                cur.execute(f"CREATE TABLE bench_copy_baseline "
                            f"({', '.join(c + ' text' for c in header)})")
                raw.commit()
                start = time.perf_counter()
                with cur.copy(f"COPY bench_copy_baseline ({', '.join(header)}) FROM STDIN") as cp:
                    for row in rows:
                        cp.write_row(row)
                raw.commit()
                times.append(time.perf_counter() - start)
            cur.execute("DROP TABLE bench_copy_baseline")
            raw.commit()
        finally:
            raw.close()
        baseline = _median(times)
        print(f"baseline PostgreSQL COPY: {ROWS / baseline:,.0f} rows/s ({baseline:.2f} s, "
              f"median of {RUNS})", flush=True)
        first, again, rss = [], [], []
        for _ in range(RUNS):
            schema = f"bench_{uuid.uuid4().hex[:8]}"
            schemas.append(schema)
            with admin.begin() as c:
                c.execute(text(f"CREATE SCHEMA {schema}"))
            url = f"{PG}?options=-csearch_path%3D{schema}"
            init_database(url)
            get_engine(url).dispose()
            took, mb = _import(url, path)
            first.append(took)
            rss.append(mb)
            took, mb = _import(url, path)
            again.append(took)
            rss.append(mb)
        _print("episurv import (PostgreSQL, first)", first, rss[0::2], baseline, 2)
        _print("episurv re-import of the same file (PostgreSQL)", again, rss[1::2], baseline, 2)
    finally:
        with admin.begin() as c:
            for schema in schemas:
                c.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))


def main() -> None:
    from episurv.demo.generator import generate_columns, write_columns_csv

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        path = workdir / "cases.csv"
        write_columns_csv(generate_columns(ROWS, seed=11), path)
        print(f"{ROWS:,} synthetic rows, {path.stat().st_size / 1e6:.0f} MB of CSV", flush=True)
        bench_sqlite(workdir, path)
        bench_postgres(path)


if __name__ == "__main__":
    main()
