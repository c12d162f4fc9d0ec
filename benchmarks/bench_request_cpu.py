"""What one request costs the server's process in CPU (issues 11 and 16), for the routes the load
benchmark (bench_load.py) drives: the case list and case lookup APIs (bearer token), a check-in
through a personal link, and the dashboard (session cookie).

Under load these routes were CPU-bound in the server process, not in the database: a lookup
needs about 4 ms of CPU or less for 500 a second on two cores. This benchmark measures that CPU
directly, on one client at a time, so that the figure moves with the code rather than with the
machine's load: the app (`create_app`, every middleware) is called as an ASGI application in this
process, without an HTTP server, and the CPU of the process (every thread: the event loop and
the request threads) is read by `time.process_time` over each round of requests. PostgreSQL's
own CPU is not in it (another process).

Two baselines, measured in the same run, in the same rounds: a static file (`/static/style.css`,
served by the same app) and a bare route (an `async` route of this app's router that answers a
fixed body: what the framework and the middleware cost by themselves). Each figure is the median
of EPISURV_BENCH_CPU_ROUNDS rounds (default 7) of EPISURV_BENCH_CPU_CALLS requests (default 100),
the routes taking turns within each round so that a busy moment of the machine falls on all of
them; printed with the range over the rounds and as a ratio of each baseline.

The database is a PostgreSQL schema of its own with EPISURV_BENCH_CPU_CASES imported cases
(default 20,000: a request's overhead does not grow with the register, and the indexes keep
each page and lookup at a few rows), dropped at the end; EPISURV_BENCH_LOAD_URL names an
existing database to use instead (as bench_load.py).

Run: .venv/bin/python benchmarks/bench_request_cpu.py
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

PG = os.environ.get("EPISURV_BENCH_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
CASES = int(os.environ.get("EPISURV_BENCH_CPU_CASES", "20000"))
ROUNDS = int(os.environ.get("EPISURV_BENCH_CPU_ROUNDS", "7"))
CALLS = int(os.environ.get("EPISURV_BENCH_CPU_CALLS", "100"))
EXISTING = os.environ.get("EPISURV_BENCH_LOAD_URL")
BARE = "/bench/bare"


def _scope(method: str, target: str, headers: dict[str, str]) -> dict:
    path, _, query = target.partition("?")
    return {"type": "http", "asgi": {"version": "3.0", "spec_version": "2.3"},
            "http_version": "1.1", "method": method, "scheme": "http", "path": path,
            "raw_path": path.encode(), "query_string": query.encode(), "root_path": "",
            "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
            "client": ("127.0.0.1", 40000), "server": ("127.0.0.1", 8000)}


async def _call(app, method: str, target: str, headers: dict[str, str], body: bytes) -> int:
    """One request through the ASGI app; its status (the body is read and dropped)."""
    asked = [{"type": "http.request", "body": body, "more_body": False}]
    status = []

    async def receive() -> dict:
        if asked:
            return asked.pop()
        await asyncio.Event().wait()  # the client stays connected until the answer is sent
        return {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        if message["type"] == "http.response.start":
            status.append(message["status"])

    await app(_scope(method, target, headers), receive, send)
    return status[0]


def _accounts(url: str) -> tuple[str, str, list[str], list[str]]:
    """A province account's bearer token and web session, case codes spread over the register,
    and personal check-in links (bench_load's station of its own)."""
    import bench_load
    from sqlalchemy import text

    from episurv.accounts.scope import SYSTEM
    from episurv.accounts.service import add_user, create_token, sign_in
    from episurv.db import session_scope

    email = f"cpu-{uuid.uuid4().hex[:8]}@bench.episurv"
    password = f"bench-{uuid.uuid4().hex}"
    with session_scope(url) as s:
        add_user(s, scope=SYSTEM, email=email, role="province", unit="Hà Nội",
                 password=password)
        token = create_token(s, scope=SYSTEM, email=email)
        codes = s.execute(text("SELECT case_id FROM cases WHERE province_code = 1 "
                               "ORDER BY md5(case_id) LIMIT 1000")).scalars().all()
    with session_scope(url) as s:
        sid, _csrf = sign_in(s, email, password, "127.0.0.1")
    return token, sid, codes, bench_load._checkin_people(url, people=1000)


def _build(url: str) -> None:
    from episurv.accounts.scope import SYSTEM
    from episurv.cases.importer import import_cases
    from episurv.db import session_scope
    from episurv.demo.generator import generate, write_csv
    from episurv.setup import init_database

    init_database(url)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cases.csv"
        write_csv(generate(CASES, 2021), path)
        with session_scope(url) as session:
            import_cases(session, path, scope=SYSTEM)


async def _measure(url: str) -> None:
    from fastapi import Response

    from episurv.db import POOL_SIZE
    from episurv.web.app import create_app

    token, sid, codes, links = _accounts(url)
    app = create_app()

    async def bare() -> Response:
        return Response(b"ok", media_type="text/plain")

    app.add_api_route(BARE, bare, include_in_schema=False)
    import anyio.to_thread

    # As a server worker runs them (web.app's lifespan): one request thread per connection.
    anyio.to_thread.current_default_thread_limiter().total_tokens = POOL_SIZE
    bearer = {"Authorization": f"Bearer {token}"}
    n = iter(range(10**9))

    def checkin(_i: int) -> tuple:
        body = json.dumps({"client_id": str(uuid.uuid4()), "spo2": 97, "pulse": 80,
                           "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                           "temperature": 37.1, "symptoms": ["cough"]}).encode()
        return ("POST", f"/api/v1/public/checkins/1/{links[next(n) % len(links)]}",
                {"Content-Type": "application/json", "Content-Length": str(len(body))}, body)

    routes = {
        "bare route (baseline)": lambda i: ("GET", BARE, {}, b""),
        "static file (baseline)": lambda i: ("GET", "/static/style.css", {}, b""),
        "case lookup API": lambda i: ("GET", f"/api/v1/cases/{codes[i % len(codes)]}",
                                      bearer, b""),
        "case list API (limit 50)": lambda i: ("GET", "/api/v1/cases?limit=50", bearer, b""),
        "check-in (personal link)": checkin,
        "dashboard (page)": lambda i: ("GET", "/", {"Cookie": f"episurv_session={sid}"}, b""),
    }
    cpu: dict[str, list[float]] = {name: [] for name in routes}
    for name, make in routes.items():  # warm: templates compiled, caches filled, pool opened
        for i in range(10):
            status = await _call(app, *make(i))
            assert status in (200, 201), (name, status)
    for r in range(ROUNDS):
        for name, make in routes.items():
            start = time.process_time()
            for i in range(CALLS):
                await _call(app, *make(r * CALLS + i))
            cpu[name].append((time.process_time() - start) * 1000 / CALLS)
    bare_ms = statistics.median(cpu["bare route (baseline)"])
    static_ms = statistics.median(cpu["static file (baseline)"])
    print(f"CPU of this process a request, one client, median of {ROUNDS} rounds of {CALLS} "
          f"(load average {' '.join(f'{v:.1f}' for v in os.getloadavg())}):", flush=True)
    for name, values in cpu.items():
        ms = statistics.median(values)
        print(f"  {name}: {ms:.2f} ms (rounds {min(values):.2f}-{max(values):.2f}), "
              f"{ms / bare_ms:.1f} x bare route, {ms / static_ms:.1f} x static file", flush=True)


@contextmanager
def cases_database(prefix: str) -> Iterator[str]:
    """The URL of EPISURV_BENCH_LOAD_URL, or of a new PostgreSQL schema of CASES imported cases,
    dropped afterwards (also bench_audited_reads.py's)."""
    from sqlalchemy import text

    from episurv.db import get_engine

    schema = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = get_engine(PG)
    url = EXISTING or f"{PG}?options=-csearch_path%3D{schema}"
    if not EXISTING:
        with admin.begin() as c:
            c.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        if not EXISTING:
            start = time.perf_counter()
            _build(url)
            print(f"(setup: {CASES:,} cases on PostgreSQL in {time.perf_counter() - start:.0f} s)",
                  flush=True)
        yield url
    finally:
        get_engine(url).dispose()
        if not EXISTING:
            with admin.begin() as c:
                c.execute(text(f"DROP SCHEMA {schema} CASCADE"))


def main() -> None:
    with cases_database("bench_cpu") as url:
        os.environ["EPISURV_DATABASE_URL"] = url
        # The check-ins of one address: far more than a person sends, as under bench_load.
        os.environ["EPISURV_CHECKINS_PER_ADDRESS_MINUTE"] = "100000000"
        asyncio.run(_measure(url))


if __name__ == "__main__":
    main()
