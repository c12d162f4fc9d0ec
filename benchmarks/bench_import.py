"""The line-list import at scale (issue 11): first import and re-import of an unchanged file,
each against a baseline measured in the same run, and the peak memory (RSS) of each import,
measured in its own process.

The baseline is the bare cost of storing the same rows, nothing of what the importer decides:
- the same rows: the cases as the import stores them (codes for places and clusters, dates,
  report day), written once to a CSV file of their own before anything is timed;
- the same file parse: that file is parsed inside the timing (Python's csv module and int()
  of the whole-number columns on SQLite; COPY's own CSV parser on PostgreSQL);
- the same table with its indexes: a table of the cases table's columns and types, its
  primary key, its unique key (province, patient code) and its three indexes, in a database of
  the same settings (SQLite: WAL, synchronous=NORMAL, the same cache; one transaction);
- not: the cases table's CHECK constraints and its foreign key to clusters. They are checks of
  values, which the importer makes itself before writing, and on SQLite a CHECK of a list of
  values costs a temporary index per executed statement, so an executemany of 100,000 rows
  would spend most of its time building it: a straw man, not a baseline.
SQLite's baseline is a sqlite3 `executemany` INSERT; PostgreSQL's is a COPY of the file.
PostgreSQL also prints, for reference and not as the target's baseline, a COPY into the same
table given the cases table's foreign keys (to the units and to the clusters, these copied
from the untimed import): each is checked row by row by the server, whatever the importer
checked before, and the difference between the two COPYs is what the keys alone cost.

Each round measures the baseline, then a first import into a new database and a re-import of
the same file into it, so a change of the machine's load falls on both sides; each figure is
the median of RUNS rounds. The load average is printed before and after.

Targets: each import within 3x the baseline on SQLite and 2x on PostgreSQL; peak RSS under
400 MB whatever the file size. EPISURV_BENCH_IMPORT_ROWS sets the size (default 200,000),
EPISURV_BENCH_STORES the stores measured (default "sqlite,postgresql").
"""

from __future__ import annotations

import csv
import os
import re
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
STORES = os.environ.get("EPISURV_BENCH_STORES", "sqlite,postgresql").split(",")

# One import in a fresh interpreter: its peak RSS is the import's alone. It prints its wall
# time, its CPU time (the process's own, plus its PostgreSQL server process's, read from /proc,
# the server being on this machine: a loaded machine does not inflate it) and its peak RSS
# (VmHWM: wait4's figure would count this benchmark's own memory at the fork).
_CHILD = """
import sys, time
from pathlib import Path
from sqlalchemy import text
from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.db import session_scope
sys.path.insert(0, sys.argv[3])
from bench_import import server_cpu
start, cpu = time.perf_counter(), time.process_time()
with session_scope(sys.argv[1]) as session:
    backend = None
    if session.get_bind().dialect.name == "postgresql":
        backend = session.execute(text("SELECT pg_backend_pid()")).scalar()
    before = server_cpu(backend)
    import_cases(session, Path(sys.argv[2]), scope=SYSTEM)
    session.commit()
    server = server_cpu(backend) - before
with open("/proc/self/status") as fh:
    peak_kb = next(line for line in fh if line.startswith("VmHWM:")).split()[1]
print(time.perf_counter() - start, time.process_time() - cpu + server, peak_kb)
"""


def server_cpu(pid: int | None) -> float:
    """CPU seconds (user + system) spent so far by the server process `pid` (0 without one)."""
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

# The stored columns the baseline writes (those of an import, and the version it sets).
STORED = ("case_id", "province_code", "district_code", "ward_code", "report_date",
          "report_time", "report_day", "detected_in", "source", "cluster_id", "age", "sex",
          "onset_date", "sample_date", "vaccine_doses", "severity", "outcome", "outcome_date",
          "name", "phone", "address", "version")
WHOLE = frozenset({"province_code", "district_code", "ward_code", "cluster_id", "age",
                   "vaccine_doses", "version"})


def _import(url: str, path: Path) -> tuple[float, float, float]:
    """Seconds spent importing (inside the child), CPU seconds (the child's and its server
    process's) and the child's peak RSS in MB."""
    child = subprocess.run([sys.executable, "-c", _CHILD, url, str(path),
                            str(Path(__file__).parent)], stdout=subprocess.PIPE, text=True,
                           check=False)
    if child.returncode:
        raise SystemExit(f"import failed with exit code {child.returncode}")
    wall, cpu, peak_kb = (float(x) for x in child.stdout.strip().splitlines()[-1].split())
    return wall, cpu, peak_kb / 1024


def _load() -> str:
    return "load average " + " / ".join(f"{x:.1f}" for x in os.getloadavg())


def _print(label: str, runs: list[tuple[float, float, float]],
           baseline: list[tuple[float, float]], target: float) -> None:
    took = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    base = statistics.median(b[0] for b in baseline)
    base_cpu = statistics.median(b[1] for b in baseline)
    print(f"{label}: {ROWS / took:,.0f} rows/s ({took:.2f} s; ratio {took / base:.2f} x "
          f"baseline; target <= {target:g}); CPU {cpu:.2f} s (ratio {cpu / base_cpu:.2f} x the "
          f"baseline's CPU); peak RSS {max(r[2] for r in runs):.0f} MB (target < 400)",
          flush=True)


def _print_baseline(label: str, baseline: list[tuple[float, float]]) -> None:
    b = statistics.median(t for t, _ in baseline)
    cpu = statistics.median(c for _, c in baseline)
    print(f"baseline {label}: {ROWS / b:,.0f} rows/s ({b:.2f} s for {ROWS:,} rows, median of "
          f"{RUNS}: {', '.join(f'{t:.2f}' for t, _ in baseline)}); CPU {cpu:.2f} s",
          flush=True)


def stored_rows(workdir: Path, path: Path) -> Path:
    """The rows as an import stores them, as CSV (one untimed import into a scratch SQLite
    database); the clusters they name stay in that database for the baselines to copy."""
    from episurv.setup import init_database

    url = f"sqlite:///{workdir / 'stored.db'}"
    init_database(url)
    _import(url, path)
    out = workdir / "stored.csv"
    with sqlite3.connect(workdir / "stored.db") as conn, open(out, "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(STORED)
        for row in conn.execute(f"SELECT {', '.join(STORED)} FROM cases ORDER BY id"):
            writer.writerow(["" if v is None else v for v in row])
    return out


def _sqlite_baseline_table(db: Path) -> None:
    """A database of episurv's schema whose cases table keeps its columns, keys and indexes
    and loses its CHECK constraints and foreign key (see the module's docstring)."""
    from episurv.setup import init_database

    init_database(f"sqlite:///{db}")
    with sqlite3.connect(db) as conn:
        ddl = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'cases'").fetchone()[0]
        indexes = [r[0] for r in conn.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'cases' AND type = 'index' "
            "AND sql IS NOT NULL")]
        ddl = re.sub(r"CONSTRAINT ck_\w+ CHECK \((?:[^()]|\([^()]*\))*\),\s*", "", ddl)
        ddl = re.sub(r"CONSTRAINT fk_\w+ FOREIGN KEY\([^)]*\) REFERENCES \w+ \(\w+\),\s*",
                     "", ddl)
        assert "CHECK" not in ddl and "REFERENCES" not in ddl, ddl
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("DROP TABLE cases")
        conn.execute(ddl)
        for index in indexes:
            conn.execute(index)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _sqlite_baseline(db: Path, stored: Path) -> tuple[float, float]:
    conn = sqlite3.connect(db, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "cache_size=-65536",
                   "temp_store=FILE"):
        conn.execute(f"PRAGMA {pragma}")
    whole = [c in WHOLE for c in STORED]
    start, cpu = time.perf_counter(), time.process_time()
    with open(stored, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        rows = ([None if v == "" else int(v) if w else v for v, w in zip(row, whole, strict=True)]
                for row in reader)
        conn.execute("BEGIN")
        conn.executemany(f"INSERT INTO cases ({', '.join(STORED)}) VALUES "
                         f"({', '.join('?' * len(STORED))})", rows)
        conn.execute("COMMIT")
    took = time.perf_counter() - start, time.process_time() - cpu
    conn.close()
    return took


def bench_sqlite(workdir: Path, path: Path, stored: Path) -> None:
    from episurv.setup import init_database

    base, first, again = [], [], []
    print(f"SQLite, {_load()}", flush=True)
    for run in range(RUNS):
        db = workdir / f"baseline{run}.db"
        _sqlite_baseline_table(db)
        base.append(_sqlite_baseline(db, stored))
        url = f"sqlite:///{workdir / f'import{run}.db'}"
        init_database(url)
        first.append(_import(url, path))
        again.append(_import(url, path))
    _print_baseline("sqlite3 executemany INSERT", base)
    _print("episurv import (SQLite, first)", first, base, 3)
    _print("episurv re-import of the same file (SQLite)", again, base, 3)
    print(f"SQLite done, {_load()}", flush=True)


def _copy_clusters(cur, schema: str, workdir: Path) -> None:
    """The clusters the stored rows name, as the untimed import made them, for the keys."""
    with sqlite3.connect(workdir / "stored.db") as conn:
        names = [r[1] for r in conn.execute("PRAGMA table_info(clusters)")]
        with cur.copy(f"COPY {schema}.clusters ({', '.join(names)}) FROM STDIN") as cp:
            for row in conn.execute(f"SELECT {', '.join(names)} FROM clusters"):
                cp.write_row(row)


def bench_postgres(workdir: Path, path: Path, stored: Path) -> None:
    from sqlalchemy import text

    from episurv.db import get_engine
    from episurv.setup import init_database

    admin = get_engine(PG)
    schemas: list[str] = []
    columns = ", ".join(STORED)

    def fresh() -> str:
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        schemas.append(schema)
        with admin.begin() as c:
            c.execute(text(f"CREATE SCHEMA {schema}"))
        url = f"{PG}?options=-csearch_path%3D{schema}"
        init_database(url)
        get_engine(url).dispose()
        return schema

    def baseline(keys: bool = False) -> tuple[float, float]:
        schema = fresh()
        raw = admin.raw_connection()
        try:
            cur = raw.cursor()
            backend = cur.execute("SELECT pg_backend_pid()").fetchone()[0]
            # The cases table's columns, defaults, identity, keys and indexes; LIKE copies no
            # CHECK constraint (not asked) and never a foreign key.
            cur.execute(f"CREATE TABLE {schema}.bench_cases (LIKE {schema}.cases "
                        f"INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING INDEXES)")
            if keys:
                _copy_clusters(cur, schema, workdir)
                for (key,) in cur.execute(
                        "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = "
                        "'f' AND conrelid = %s::regclass", (f"{schema}.cases",)).fetchall():
                    cur.execute(f"ALTER TABLE {schema}.bench_cases ADD {key}")
            raw.commit()
            start, cpu, server = time.perf_counter(), time.process_time(), server_cpu(backend)
            with open(stored, "rb") as fh, cur.copy(
                    f"COPY {schema}.bench_cases ({columns}) FROM STDIN "
                    f"WITH (FORMAT csv, HEADER true)") as cp:
                while chunk := fh.read(1 << 20):
                    cp.write(chunk)
            raw.commit()
            return (time.perf_counter() - start,
                    time.process_time() - cpu + server_cpu(backend) - server)
        finally:
            raw.close()

    base, keyed, first, again = [], [], [], []
    print(f"PostgreSQL, {_load()}", flush=True)
    try:
        for _ in range(RUNS):
            base.append(baseline())
            keyed.append(baseline(keys=True))
            url = f"{PG}?options=-csearch_path%3D{fresh()}"
            first.append(_import(url, path))
            again.append(_import(url, path))
        _print_baseline("PostgreSQL COPY", base)
        # Not the target's baseline: how much of an import's time the foreign keys alone take.
        _print_baseline("for reference, COPY into the same table with the cases table's "
                        "foreign keys", keyed)
        _print("episurv import (PostgreSQL, first)", first, base, 2)
        _print("episurv re-import of the same file (PostgreSQL)", again, base, 2)
        print(f"PostgreSQL done, {_load()}", flush=True)
    finally:
        # One transaction a schema: dropping them all in one takes a lock per partition and
        # index of every schema at once, more than max_locks_per_transaction allows.
        for schema in schemas:
            with admin.begin() as c:
                c.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))


def main() -> None:
    from episurv.demo.generator import generate_columns, write_columns_csv

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        path = workdir / "cases.csv"
        write_columns_csv(generate_columns(ROWS, seed=11), path)
        print(f"{ROWS:,} synthetic rows, {path.stat().st_size / 1e6:.0f} MB of CSV", flush=True)
        stored = stored_rows(workdir, path)
        if "sqlite" in STORES:
            bench_sqlite(workdir, path, stored)
        if "postgresql" in STORES:
            bench_postgres(workdir, path, stored)


if __name__ == "__main__":
    main()
