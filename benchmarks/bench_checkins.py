"""The personal check-in endpoint under load: `episurv serve` on a free port, driven by a real
HTTP load generator (Debian's `wrk`, installed with apt-get when missing), on a SQLite file and
on a PostgreSQL schema; then the rows are counted in the database.

Target (issue 12): 300 submissions a second with nothing lost. Every check-in the server
acknowledged (201, its client_id read from the answer) must be in the table; one request in ten
resends the previous body (a phone whose answer was lost) and must be answered 200 and stored
once. Baseline, same run, same server: wrk fetching the static file the check-in page loads
(/static/checkin.js), the least any request to this server costs.

All requests come from this one machine, standing in for thousands of phones: the per-address
limit is raised for the run (EPISURV_CHECKINS_PER_ADDRESS_MINUTE); the per-token limit stays
at its default (2,000 people, about 3 check-ins each).

Run: .venv/bin/python benchmarks/bench_checkins.py
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, text

from episurv.core.time import LOCAL
from episurv.db import get_engine
from episurv.homecare.models import Household, Person, Station, StationWard
from episurv.setup import init_database

PG = os.environ.get("EPISURV_BENCH_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PEOPLE = 2_000
DURATION = int(os.environ.get("EPISURV_BENCH_SECONDS", "20"))
CONNECTIONS, THREADS = 16, 2
WORKERS = int(os.environ.get("EPISURV_BENCH_WORKERS", "2"))  # `serve --workers`: one per core
TARGET = 300
COUNG_VI = 16  # ward Cống Vị (Ba Đình, Hà Nội)

LUA = r"""
-- One check-in a request, for the next person's token; every tenth resends the previous body.
local tokens, n, last, counter, acked = {}, 0, nil, 0, nil
function setup(thread) thread:set("id", #threads_list + 1); table.insert(threads_list, thread) end
threads_list = {}
function init(args)
  for line in io.lines(args[1]) do table.insert(tokens, line) end
  math.randomseed(os.time() + id * 7919)
  n = id * 997
  acked = io.open(args[2] .. "." .. id, "w")
  acked:setvbuf("line")
  ok201, ok200, other = 0, 0, 0
end
local function uuid()
  return string.format("%08x-%04x-4%03x-%04x-%012x", math.random(0, 0xffffffff),
    math.random(0, 0xffff), math.random(0, 0xfff), 0x8000 + math.random(0, 0x3fff),
    math.random(0, 0xffffffffffff))
end
function request()
  counter = counter + 1
  if last ~= nil and counter % 10 == 0 then
    return wrk.format("POST", "/api/v1/public/checkins/1", last.headers, last.body)
  end
  n = n + 1
  local token = tokens[(n % #tokens) + 1]
  local body = string.format('{"client_id":"%s","measured_at":"%s","spo2":%d,"pulse":%d,' ..
    '"temperature":37.%d,"symptoms":["cough"]}', uuid(), os.date("!%Y-%m-%dT%H:%M:%SZ"),
    math.random(94, 99), math.random(60, 110), math.random(0, 9))
  last = {headers = {["Content-Type"] = "application/json", ["X-Checkin-Token"] = token},
          body = body}
  return wrk.format("POST", "/api/v1/public/checkins/1", last.headers, body)
end
function response(status, headers, body)
  if status == 201 then
    ok201 = ok201 + 1
    acked:write(string.match(body, '"client_id":"([%x%-]+)"'), "\n")
  elseif status == 200 then ok200 = ok200 + 1
  else other = other + 1; io.stderr:write("answer ", status, " ", body, "\n") end
end
function done(summary, latency, requests)
  local a, b, c = 0, 0, 0
  for _, t in ipairs(threads_list) do
    a = a + t:get("ok201"); b = b + t:get("ok200"); c = c + t:get("other")
  end
  io.write(string.format("COUNTS %d %d %d\n", a, b, c))
end
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    subprocess.run(["apt-get", "install", "-y", "wrk"], check=True, capture_output=True)
    return shutil.which("wrk") or "wrk"


def _load(url: str) -> list[str]:
    """A station with PEOPLE F0 at home since yesterday, each with a personal token."""
    init_database(url)
    start = (datetime.now(LOCAL) - timedelta(days=1)).date()
    tokens = [secrets.token_urlsafe(24) for _ in range(PEOPLE)]
    with get_engine(url).begin() as conn:
        conn.execute(insert(Station), [{"province_code": 1, "id": 1, "district_code": 1,
                                        "name": "Trạm đo tải", "kind": "mobile",
                                        "capacity": PEOPLE, "created_at": datetime.now(LOCAL)}])
        conn.execute(insert(StationWard), [{"province_code": 1, "station_id": 1,
                                            "ward_code": COUNG_VI}])
        conn.execute(insert(Household), [
            {"province_code": 1, "id": i + 1, "station_id": 1, "district_code": 1,
             "ward_code": COUNG_VI, "code": f"H{i}"} for i in range(PEOPLE)])
        conn.execute(insert(Person), [
            {"province_code": 1, "id": i + 1, "household_id": i + 1, "district_code": 1,
             "ward_code": COUNG_VI, "name": f"Người {i}", "role": "F0", "birth_year": 1980,
             "vaccine_doses": 2, "care_status": "home", "care_start": start,
             "token_hash": hashlib.sha256(t.encode()).hexdigest(),
             "token_expires": start + timedelta(days=20), "version": 1,
             **dict.fromkeys(("chronic", "pregnant", "breastfeeding", "liver_disease",
                              "kidney_disease", "gastric_disease", "bleeding_risk"), False)}
            for i, t in enumerate(tokens)])
    return tokens


def _serve(url: str, port: int) -> subprocess.Popen:
    env = os.environ | {"EPISURV_DATABASE_URL": url,
                        "EPISURV_CHECKINS_PER_ADDRESS_MINUTE": "100000000"}
    episurv = str(Path(sys.executable).with_name("episurv"))
    proc = subprocess.Popen([episurv, "serve", "--port", str(port), "--workers", str(WORKERS)],
                            env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):  # up to a minute: a shared machine starts two workers slowly
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("episurv serve did not start")


def _run_wrk(args: list[str]) -> str:
    done = subprocess.run([_wrk(), *args], capture_output=True, text=True, check=True)
    for line in done.stderr.splitlines()[:5]:  # what the answers other than 200/201 said
        print(f"  {line[:200]}", file=sys.stderr)
    return done.stdout


def _rate(output: str) -> float:
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def _measure(label: str, url: str) -> None:
    tokens = _load(url)
    port = _free_port()
    load_before = os.getloadavg()[0]  # other work sharing the machine, as `uptime` says
    server = _serve(url, port)
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        script, token_file = Path(tmp) / "checkins.lua", Path(tmp) / "tokens.txt"
        script.write_text(LUA)
        token_file.write_text("\n".join(tokens) + "\n")
        acked = Path(tmp) / "acked"
        try:
            baseline = statistics.median(_rate(_run_wrk(
                [f"-t{THREADS}", f"-c{CONNECTIONS}", "-d5s", f"{base}/static/checkin.js"]))
                for _ in range(3))
            out = _run_wrk([f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{DURATION}s",
                            "--timeout", "10s", "-s", str(script), base, "--",
                            str(token_file), str(acked)])
        finally:
            server.terminate()
            server.wait(timeout=20)
        new, resent, other = map(int, re.search(r"COUNTS (\d+) (\d+) (\d+)", out).groups())
        ids = {line for f in Path(tmp).glob("acked.*") for line in f.read_text().split()}
    with get_engine(url).connect() as conn:
        stored = set(conn.execute(text("SELECT client_id FROM homecare_checkins")).scalars())
        alerts = conn.execute(text("SELECT count(*) FROM homecare_alerts")).scalar()
    get_engine(url).dispose()
    lost = len(ids - stored)
    # Submissions answered 201 or 200 a second: wrk's own rate counts refusals too.
    rate = (new + resent) / DURATION
    print(f"checkins_{label}: {rate:.0f} submissions/s answered 201/200 (target {TARGET}; "
          f"ratio {rate / baseline:.2f} x baseline static file {baseline:.0f}/s; wrk's rate of "
          f"all answers {_rate(out):.0f}/s); acknowledged new {new:,}, resends answered 200 "
          f"{resent:,}, other answers {other:,}; rows {len(stored):,} (red/yellow alerts "
          f"{alerts:,}); acknowledged but missing {lost}; stored beyond the acknowledged (in "
          f"flight at the end) {len(stored - ids)}; load average before/after "
          f"{load_before:.2f}/{os.getloadavg()[0]:.2f} ({os.cpu_count()} cores)", flush=True)
    if lost or other or len(ids) != new or rate < TARGET:
        print(f"checkins_{label}: FAILED the target", flush=True)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _measure("sqlite", f"sqlite:///{Path(tmp) / 'checkins.db'}")
    schema = f"bench_checkins_{uuid.uuid4().hex[:8]}"
    admin = get_engine(PG)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        _measure("postgresql", f"{PG}?options=-csearch_path%3D{schema}")
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))


if __name__ == "__main__":
    main()
