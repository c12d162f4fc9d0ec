"""The web application under load (issue 11): `episurv serve` on PostgreSQL with a demo of
EPISURV_BENCH_LOAD_CASES cases (default 200,000; the issue's figure is 1,000,000), driven by
`wrk` (Debian's package: apt-get install wrk) with 20 concurrent connections per endpoint.

Targets: 0 errors; p95 under 300 ms for the API (daily report, case list) and under 500 ms for
pages (dashboard, public report). The baseline, measured in the same run under the same load,
is a static file served by the same server: each endpoint's p95 is printed as a ratio of it.
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

# wrk's own summary lacks p95 and splits errors by kind: this script prints both, one line.
_WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d p50=%d p95=%d errors=%d non2xx=%d\\n",
    summary.requests, latency:percentile(50), latency:percentile(95),
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
    with admin.begin() as c:
        c.execute(text(f"CREATE SCHEMA {schema}"))
    url = f"{PG}?options=-csearch_path%3D{schema}"
    server = None
    try:
        start = time.perf_counter()
        result = build_demo(CASES, 2021, url=url)
        print(f"(setup: demo of {result['rows']:,} cases on PostgreSQL in "
              f"{time.perf_counter() - start:.0f} s)", flush=True)
        with session_scope(url) as s:
            _user, password = add_user(s, scope=SYSTEM, email="load@bench.episurv",
                                       role="province", unit="Hà Nội")
            token = create_token(s, scope=SYSTEM, email="load@bench.episurv")
        get_engine(url).dispose()
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [str(Path(sys.executable).with_name("episurv")), "serve", "--port", str(port),
             "--workers", str(WORKERS)], env={**os.environ, "EPISURV_DATABASE_URL": url},
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        for _ in range(600):
            try:
                if httpx.get(f"{base}/signin").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        signed = httpx.post(f"{base}/signin", data={"email": "load@bench.episurv",
                                                    "password": password, "next": "/"})
        cookie = signed.headers["set-cookie"].split(";", 1)[0]
        assert httpx.get(f"{base}/", headers={"Cookie": cookie}).status_code == 200
        bearer = {"Authorization": f"Bearer {token}"}
        with tempfile.TemporaryDirectory() as tmp:
            script = Path(tmp) / "p95.lua"
            script.write_text(_WRK_SCRIPT)
            baseline = _wrk(f"{base}/static/style.css", {}, script)
            print(f"baseline static file: p95 {baseline['p95'] / 1000:.1f} ms, "
                  f"{baseline['requests'] / SECONDS:,.0f} req/s ({CLIENTS} clients, "
                  f"{WORKERS} workers)", flush=True)
            for name, path, headers, target in (
                    ("dashboard (page)", "/", {"Cookie": cookie}, 500),
                    ("public report (page)", "/public/report", {}, 500),
                    ("daily report API", "/api/v1/reports/daily?province=H%C3%A0%20N%E1%BB%99i",
                     bearer, 300),
                    ("case list API", "/api/v1/cases?limit=50", bearer, 300)):
                r = _wrk(base + path, headers, script)
                p95 = r["p95"] / 1000
                print(f"{name}: p95 {p95:.0f} ms (ratio {r['p95'] / max(baseline['p95'], 1):.1f}"
                      f" x baseline; target < {target} ms), p50 {r['p50'] / 1000:.0f} ms, "
                      f"{r['requests'] / SECONDS:,.1f} req/s, errors {r['errors']}, "
                      f"non-2xx {r['non2xx']} (target 0)", flush=True)
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        get_engine(url).dispose()
        with admin.begin() as c:
            c.execute(text(f"DROP SCHEMA {schema} CASCADE"))


if __name__ == "__main__":
    main()
