"""Audited reads under concurrency on PostgreSQL (issue 16): what the audit entry of a read costs
when many requests read at once.

Every case lookup appends an entry to the audit log's hash chain, which has one writer at a
time (its lock is held until the entry's COMMIT is durable). Reads that reach their commit
together are sent together under one lock (accounts.read_entries); this benchmark measures how
many audited reads a second the server's processes get through, and how long each takes.

As a server runs them: PROCESSES processes (default 2, `serve --workers 2`) of THREADS threads
each (default 10: a worker's request threads, db.POOL_SIZE), every thread looking up cases
(`cases.service.find_case_values`, as the lookup API does) in a loop for SECONDS seconds:
- baseline: the same lookups, unaudited (a read-only unit of work and its COMMIT);
- audited: each lookup with its audit entry (`audit.record`, as the API's lookup).
The two take turns, ROUNDS times (default 3); each figure is the median of the rounds. Printed:
lookups a second, p50 and p99 of a lookup, and the audited side as a ratio of the baseline.

The database is a PostgreSQL schema of its own with EPISURV_BENCH_CPU_CASES (default 20,000)
imported cases, dropped at the end; EPISURV_BENCH_LOAD_URL names an existing one instead.

Run: .venv/bin/python benchmarks/bench_audited_reads.py
"""

from __future__ import annotations

import multiprocessing
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

PROCESSES = int(os.environ.get("EPISURV_BENCH_AUDIT_PROCESSES", "2"))
THREADS = int(os.environ.get("EPISURV_BENCH_AUDIT_THREADS", "10"))
SECONDS = float(os.environ.get("EPISURV_BENCH_AUDIT_SECONDS", "5"))
ROUNDS = int(os.environ.get("EPISURV_BENCH_AUDIT_ROUNDS", "3"))


def _process(url: str, codes: list[str], audited: bool, ready, go, out) -> None:
    """One server process: THREADS threads, each with its connection made, looking up cases
    from `go` until SECONDS have passed; puts each lookup's seconds on `out`."""
    from episurv.accounts import audit
    from episurv.accounts.scope import Scope
    from episurv.cases import service as cases
    from episurv.db import session_scope

    scope = Scope(role="province", province_code=1, actor="bench@audited.reads",
                  address="127.0.0.1")
    times: list[float] = []
    lock = threading.Lock()
    warm = threading.Barrier(THREADS + 1)

    def lookup(i: int) -> None:
        with session_scope(url) as s:
            case = cases.find_case_values(s, codes[i % len(codes)], scope=scope)
            if audited:
                audit.record(s, scope, "read", "case", case["case_id"],
                             province_code=case["province_code"])

    def loop(n: int) -> None:
        mine = []
        i = n * 7919
        with session_scope(url) as s:  # every thread's connection open before the clock runs
            cases.find_case_values(s, codes[n], scope=scope)
            warm.wait()
        go.wait()
        end = time.perf_counter() + SECONDS
        while (now := time.perf_counter()) < end:
            i += 1
            lookup(i)
            mine.append(time.perf_counter() - now)
        with lock:
            times.extend(mine)

    threads = [threading.Thread(target=loop, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    warm.wait()
    ready.put(1)
    for t in threads:
        t.join()
    out.put(times)


def _round(url: str, codes: list[str], audited: bool) -> tuple[float, float, float]:
    """Lookups a second, p50 and p99 in ms, of PROCESSES processes at once."""
    ctx = multiprocessing.get_context("spawn")
    ready, out, go = ctx.Queue(), ctx.Queue(), ctx.Event()
    procs = [ctx.Process(target=_process, args=(url, codes, audited, ready, go, out))
             for _ in range(PROCESSES)]
    for p in procs:
        p.start()
    for _ in procs:
        ready.get()
    go.set()
    times = [t for _ in procs for t in out.get()]
    for p in procs:
        p.join()
    times.sort()
    return (len(times) / SECONDS, times[len(times) // 2] * 1000,
            times[int(len(times) * 0.99)] * 1000)


def main() -> None:
    from bench_request_cpu import cases_database
    from sqlalchemy import text

    from episurv.db import session_scope

    with cases_database("bench_audit") as url:
        with session_scope(url) as s:
            codes = s.execute(text("SELECT case_id FROM cases WHERE province_code = 1 "
                                   "ORDER BY md5(case_id) LIMIT 1000")).scalars().all()
        results: dict[bool, list[tuple[float, float, float]]] = {False: [], True: []}
        for _ in range(ROUNDS):
            for audited in (False, True):
                results[audited].append(_round(url, codes, audited))
    print(f"Case lookups on PostgreSQL, {PROCESSES} processes x {THREADS} threads, "
          f"{SECONDS:.0f} s a round, median of {ROUNDS} rounds (load average "
          f"{' '.join(f'{v:.1f}' for v in os.getloadavg())}):", flush=True)
    medians = {}
    for audited, name in ((False, "unaudited (baseline)"), (True, "audited")):
        rate, p50, p99 = (statistics.median(r[k] for r in results[audited]) for k in range(3))
        medians[audited] = rate, p50, p99
        print(f"  {name}: {rate:,.0f} lookups a second, p50 {p50:.1f} ms, p99 {p99:.1f} ms",
              flush=True)
    base, audited = medians[False], medians[True]
    print(f"  audited / baseline: throughput {audited[0] / base[0]:.2f} x, "
          f"p99 {audited[2] / base[2]:.2f} x", flush=True)


if __name__ == "__main__":
    main()
