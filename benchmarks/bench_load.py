"""The web application under load (issues 11 and 16): `episurv serve --workers N` on PostgreSQL
with a demo of EPISURV_BENCH_LOAD_CASES cases (default 200,000; the issue's figure is
1,000,000), driven by `wrk` (Debian's package: apt-get install wrk). Two parts, each with its
baseline, a static file served by the same server, measured in the same run under the same load:

- 20 concurrent clients per endpoint, as fast as they are answered (issue 11). Targets: 0 errors;
  p95 under 300 ms for the API (daily report, case list) and under 500 ms for pages (dashboard,
  public report). Each p95 is printed as a ratio of the baseline's.
- A fixed rate of requests (issue 16): case lookup and daily report at EPISURV_BENCH_LOAD_RATE
  requests a second (default 500; aim: p99 under 50 ms for lookups), check-in submissions at
  EPISURV_BENCH_LOAD_CHECKIN_RATE (default 300, issue 12's target). wrk has no fixed-rate mode
  (and wrk2 is not in Debian): the Lua script below paces each thread's requests to a schedule
  of its own (a request's slot is fixed in advance, not counted from the answer before it), so
  a slow server shows as a throughput below the rate asked, printed beside it; p50 and p99 are
  wrk's, from a request's sending to its answer.

EPISURV_BENCH_LOAD_URL names an existing demo database (`episurv demo --cases N --no-serve`)
to run against instead of building one; the run adds its own account, token and a station with
the people whose personal links submit the check-ins.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

PG = os.environ.get("EPISURV_BENCH_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
CASES = int(os.environ.get("EPISURV_BENCH_LOAD_CASES", "200000"))
SECONDS = int(os.environ.get("EPISURV_BENCH_LOAD_SECONDS", "15"))
CLIENTS = 20
WORKERS = int(os.environ.get("EPISURV_BENCH_LOAD_WORKERS", str(os.cpu_count() or 2)))
EXISTING = os.environ.get("EPISURV_BENCH_LOAD_URL")
RATE = int(os.environ.get("EPISURV_BENCH_LOAD_RATE", "500"))
CHECKIN_RATE = int(os.environ.get("EPISURV_BENCH_LOAD_CHECKIN_RATE", "300"))
# Connections of the fixed-rate runs: enough that a few slow answers do not hold the schedule up.
PACED_CONNECTIONS, PACED_THREADS = 50, 2
PEOPLE = 2_000  # check-in links: the per-token limit (30 an hour) is never reached
COUNG_VI = 16  # ward Cống Vị (Ba Đình, Hà Nội), where the demo's mobile station works

# wrk's own summary lacks p95 and splits errors by kind: this script prints both, one line.
_WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d p50=%d p95=%d p99=%d errors=%d non2xx=%d\\n",
    summary.requests, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""


# Fixed rate: each thread sends its share of RATE to a schedule (slot k at start + k * interval,
# clock_gettime through LuaJIT's ffi); `mode` picks what a request is: the URL given, the next of
# a list of paths, or a new check-in for the next person's personal link.
_PACED_SCRIPT = r"""
local ffi = require("ffi")
ffi.cdef[[ typedef struct { long tv_sec; long tv_nsec; } bench_ts;
           int clock_gettime(int clock, bench_ts *ts); ]]
local ts = ffi.new("bench_ts")
local function now_ms()
  ffi.C.clock_gettime(1, ts)
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end
local n_threads = 0
function setup(thread) n_threads = n_threads + 1; thread:set("id", n_threads) end
local interval, threads, next_at, mode, items, n = 0, 1, nil, "url", {}, 0
function init(args)
  threads = tonumber(args[2])
  interval = 1000 * threads / tonumber(args[1])
  mode = args[3]
  if args[4] then for line in io.lines(args[4]) do table.insert(items, line) end end
  math.randomseed(id * 7919)
  n = id * 997
end
function delay()
  local now = now_ms()
  if next_at == nil then next_at = now + interval * (id - 1) / threads end
  local at = next_at
  next_at = next_at + interval
  if at <= now then return 0 end
  return math.floor(at - now + 0.5)
end
local function uuid()
  return string.format("%08x-%04x-4%03x-%04x-%012x", math.random(0, 0xffffffff),
    math.random(0, 0xffff), math.random(0, 0xfff), 0x8000 + math.random(0, 0x3fff),
    math.random(0, 0xffffffffffff))
end
function request()
  if mode == "url" then return wrk.request() end
  n = n + 1
  local item = items[(n % #items) + 1]
  if mode == "paths" then return wrk.format("GET", item) end
  local body = string.format('{"client_id":"%s","measured_at":"%s","spo2":%d,"pulse":%d,' ..
    '"temperature":37.%d,"symptoms":["cough"]}', uuid(), os.date("!%Y-%m-%dT%H:%M:%SZ"),
    math.random(94, 99), math.random(60, 110), math.random(0, 9))
  return wrk.format("POST", "/api/v1/public/checkins/1/" .. item,
                    {["Content-Type"] = "application/json"}, body)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d duration=%d p50=%d p99=%d errors=%d non2xx=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wrk(url: str, headers: dict[str, str], script: Path) -> dict[str, int]:
    argv = ["wrk", "-t", "2", "-c", str(CLIENTS), "-d", f"{SECONDS}s", "--timeout", "30s",
            "-s", str(script), url]
    for key, value in headers.items():
        argv[1:1] = ["-H", f"{key}: {value}"]
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    found = re.search(r"RESULT (.*)", out)
    if not found:
        raise SystemExit(f"wrk printed no result:\n{out}")
    return {k: int(v) for k, v in (pair.split("=") for pair in found.group(1).split())}


def _paced(url: str, headers: dict[str, str], script: Path, rate: int, mode: str = "url",
           items: Path | None = None) -> dict[str, int]:
    argv = ["wrk", "-t", str(PACED_THREADS), "-c", str(PACED_CONNECTIONS), "-d", f"{SECONDS}s",
            "--timeout", "10s", "-s", str(script), url, "--", str(rate), str(PACED_THREADS),
            mode] + ([str(items)] if items else [])
    for key, value in headers.items():
        argv[1:1] = ["-H", f"{key}: {value}"]
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    found = re.search(r"RESULT (.*)", out)
    if not found:
        raise SystemExit(f"wrk printed no result:\n{out}")
    return {k: int(v) for k, v in (pair.split("=") for pair in found.group(1).split())}


def _paced_line(name: str, r: dict[str, int], rate: int, baseline: dict[str, int] | None,
                target: str = "") -> None:
    done = r["requests"] / (r["duration"] / 1e6)
    ratio = (f" (ratio {r['p99'] / max(baseline['p99'], 1):.1f} x baseline)"
             if baseline else "")
    print(f"{name}: {done:,.0f} req/s of {rate:,} asked, p50 {r['p50'] / 1000:.1f} ms, "
          f"p99 {r['p99'] / 1000:.1f} ms{ratio}{target}, errors {r['errors']}, "
          f"non-2xx {r['non2xx']}", flush=True)


def _checkin_people(url: str, people: int = PEOPLE) -> list[str]:
    """A station of its own in Cống Vị with `people` F0 at home since yesterday, each with a
    personal check-in link (the token is kept only as its hash, as the service keeps it)."""
    import hashlib
    import secrets
    from datetime import datetime, timedelta

    from sqlalchemy import insert

    from episurv.core.time import LOCAL
    from episurv.db import get_engine
    from episurv.homecare.models import Household, Person, Station, StationWard

    start = (datetime.now(LOCAL) - timedelta(days=1)).date()
    tokens = [secrets.token_urlsafe(24) for _ in range(people)]
    with get_engine(url).begin() as conn:
        station = conn.execute(insert(Station).returning(Station.id), [{
            "province_code": 1, "district_code": 1, "name": f"Trạm đo tải {uuid.uuid4().hex[:8]}",
            "kind": "mobile", "capacity": people, "created_at": datetime.now(LOCAL)}]).scalar()
        conn.execute(insert(StationWard), [{"province_code": 1, "station_id": station,
                                            "ward_code": COUNG_VI}])
        homes = conn.execute(
            insert(Household).returning(Household.id, sort_by_parameter_order=True),
            [{"province_code": 1, "station_id": station, "district_code": 1,
              "ward_code": COUNG_VI, "code": f"LOAD{i}"} for i in range(people)]).scalars().all()
        conn.execute(insert(Person), [
            {"province_code": 1, "household_id": home, "district_code": 1,
             "ward_code": COUNG_VI, "name": f"Người {i}", "role": "F0", "birth_year": 1980,
             "vaccine_doses": 2, "care_status": "home", "care_start": start,
             "token_hash": hashlib.sha256(t.encode()).hexdigest(),
             "token_expires": start + timedelta(days=20), "version": 1,
             **dict.fromkeys(("chronic", "pregnant", "breastfeeding", "liver_disease",
                              "kidney_disease", "gastric_disease", "bleeding_risk"), False)}
            for i, (home, t) in enumerate(zip(homes, tokens, strict=True))])
    return tokens


def _in_process(url: str, cookie: dict[str, str], bearer: dict[str, str], daily: str,
                code: str, calls: int = 15) -> None:
    """Each endpoint for one client in this process, through the app without an HTTP server
    (no other request at the same time): the median of `calls` requests after three that warm
    its cache. What a request costs by itself, to read the figures under load against."""
    import statistics
    import warnings

    os.environ["EPISURV_DATABASE_URL"] = url
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from fastapi.testclient import TestClient

    from episurv.web.app import create_app

    client = TestClient(create_app())
    timings = []
    for name, path, headers in (("dashboard", "/", cookie),
                                ("public report", "/public/report", {}),
                                ("daily report API", daily, bearer),
                                ("case list API", "/api/v1/cases?limit=50", bearer),
                                ("case lookup API", f"/api/v1/cases/{code}", bearer)):
        took = []
        for i in range(calls + 3):
            start = time.perf_counter()
            assert client.get(path, headers=headers).status_code == 200, path
            if i >= 3:
                took.append(time.perf_counter() - start)
        timings.append(f"{name} {statistics.median(took) * 1000:.1f} ms")
    print(f"in process, one client (median of {calls}): {', '.join(timings)}", flush=True)


def main() -> None:
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk): load benchmark not run", flush=True)
        return
    from sqlalchemy import text

    from episurv.accounts.scope import SYSTEM
    from episurv.accounts.service import add_user, create_token
    from episurv.db import get_engine, session_scope
    from episurv.setup import build_demo

    schema = f"bench_load_{uuid.uuid4().hex[:8]}"
    admin = get_engine(PG)
    if EXISTING:
        url = EXISTING
    else:
        with admin.begin() as c:
            c.execute(text(f"CREATE SCHEMA {schema}"))
        url = f"{PG}?options=-csearch_path%3D{schema}"
    server = None
    try:
        start = time.perf_counter()
        if not EXISTING:
            result = build_demo(CASES, 2021, url=url)
            print(f"(setup: demo of {result['rows']:,} cases on PostgreSQL in "
                  f"{time.perf_counter() - start:.0f} s)", flush=True)
        email = f"load-{uuid.uuid4().hex[:8]}@bench.episurv"
        with session_scope(url) as s:
            # A password of its own: a generated one is one-time, and pages ask to change it.
            password = f"bench-{uuid.uuid4().hex}"
            add_user(s, scope=SYSTEM, email=email, role="province", unit="Hà Nội",
                     password=password)
            token = create_token(s, scope=SYSTEM, email=email)
            held = s.execute(text("SELECT count(*) FROM cases")).scalar()
            # Case codes to look up, spread over the whole register.
            codes = s.execute(text("SELECT case_id FROM cases TABLESAMPLE SYSTEM (1) "
                                   "WHERE province_code = 1 LIMIT 2000")).scalars().all()
        links = _checkin_people(url)
        print(f"(database: {held:,} cases; {WORKERS} workers; load average before the run "
              f"{' '.join(f'{v:.1f}' for v in os.getloadavg())}, on a machine shared with "
              "other work)", flush=True)
        get_engine(url).dispose()
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        # Every request comes from this one machine, standing in for thousands of phones.
        server = subprocess.Popen(
            [str(Path(sys.executable).with_name("episurv")), "serve", "--port", str(port),
             "--workers", str(WORKERS)],
            env={**os.environ, "EPISURV_DATABASE_URL": url,
                 "EPISURV_CHECKINS_PER_ADDRESS_MINUTE": "100000000"},
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        for _ in range(600):
            try:
                if httpx.get(f"{base}/signin").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        # As a browser signs in: the form's CSRF token (and its cookie) first. Generous
        # timeouts: argon2 and a first report at 1M cases take seconds on a loaded machine.
        with httpx.Client(base_url=base, timeout=120) as browser:
            form = browser.get("/signin")
            csrf = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
            signed = browser.post("/signin", data={"email": email, "password": password,
                                                   "next": "/", "csrf_token": csrf})
            cookie = f"episurv_session={browser.cookies['episurv_session']}"
            assert signed.status_code == 303, signed.status_code
            assert browser.get("/", headers={"Cookie": cookie}).status_code == 200
        bearer = {"Authorization": f"Bearer {token}"}
        daily = "/api/v1/reports/daily?province=H%C3%A0%20N%E1%BB%99i"
        with tempfile.TemporaryDirectory() as tmp:
            script = Path(tmp) / "p95.lua"
            script.write_text(_WRK_SCRIPT)
            baseline = _wrk(f"{base}/static/style.css", {}, script)
            print(f"baseline static file: p50 {baseline['p50'] / 1000:.1f} ms, p95 "
                  f"{baseline['p95'] / 1000:.1f} ms, p99 {baseline['p99'] / 1000:.1f} ms, "
                  f"{baseline['requests'] / SECONDS:,.0f} req/s ({CLIENTS} clients, "
                  f"{WORKERS} workers)", flush=True)
            for name, path, headers, target in (
                    ("dashboard (page)", "/", {"Cookie": cookie}, 500),
                    ("public report (page)", "/public/report", {}, 500),
                    ("daily report API", daily, bearer, 300),
                    ("case list API", "/api/v1/cases?limit=50", bearer, 300)):
                r = _wrk(base + path, headers, script)
                p95 = r["p95"] / 1000
                print(f"{name}: p95 {p95:.0f} ms (ratio {r['p95'] / max(baseline['p95'], 1):.1f}"
                      f" x baseline; target < {target} ms), p50 {r['p50'] / 1000:.0f} ms, "
                      f"p99 {r['p99'] / 1000:.0f} ms, {r['requests'] / SECONDS:,.1f} req/s, "
                      f"errors {r['errors']}, non-2xx {r['non2xx']} (target 0)", flush=True)

            paced = Path(tmp) / "paced.lua"
            paced.write_text(_PACED_SCRIPT)
            lookups, people = Path(tmp) / "lookups.txt", Path(tmp) / "people.txt"
            lookups.write_text("".join(f"/api/v1/cases/{c}\n" for c in codes))
            people.write_text("\n".join(links) + "\n")
            print(f"-- fixed rate ({PACED_CONNECTIONS} connections, {SECONDS} s each)",
                  flush=True)
            still = _paced(f"{base}/static/style.css", {}, paced, RATE)
            _paced_line("baseline static file", still, RATE, None)
            _paced_line("case lookup API", _paced(base, bearer, paced, RATE, "paths", lookups),
                        RATE, still, "; aim p99 < 50 ms")
            _paced_line("daily report API", _paced(base + daily, bearer, paced, RATE), RATE,
                        still)
            _paced_line("check-in submission", _paced(base, {}, paced, CHECKIN_RATE, "checkins",
                                                      people), CHECKIN_RATE, still)
        print(f"(load average after the run {' '.join(f'{v:.1f}' for v in os.getloadavg())})",
              flush=True)
        _in_process(url, {"Cookie": cookie}, bearer, daily, codes[0])
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:  # a worker stuck in a request: say so, end it
                print("(the server did not stop within 30 s of SIGTERM: killed)", flush=True)
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=30)
        get_engine(url).dispose()
        if not EXISTING:
            with admin.begin() as c:
                c.execute(text(f"DROP SCHEMA {schema} CASCADE"))


if __name__ == "__main__":
    main()
