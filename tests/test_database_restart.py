"""PostgreSQL restarted under load: the server keeps answering after the restart, a write that
failed meanwhile is a 503 to retry (never a 500), and no acknowledged write is lost.

The test runs its own PostgreSQL cluster on a free port, so that restarting it touches nothing
else on the machine."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

EPISURV = str(Path(sys.executable).with_name("episurv"))
PG_BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(args: list[str]) -> list[str]:
    # initdb refuses to run as root: the cluster belongs to the postgres account there.
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@pytest.fixture
def own_cluster():
    if not PG_BIN:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    bindir = PG_BIN[-1]
    home = tempfile.mkdtemp(prefix="episurv-pg-")
    os.chmod(home, 0o777)
    data, port = f"{home}/data", _free_port()
    subprocess.run(_as_postgres([f"{bindir}/initdb", "-D", data, "-A", "trust", "-U",
                                 "postgres"]), check=True, capture_output=True)
    ctl = [f"{bindir}/pg_ctl", "-D", data, "-l", f"{home}/log", "-w", "-o",
           f"-p {port} -k {home} -c listen_addresses=127.0.0.1"]
    subprocess.run(_as_postgres([*ctl, "start"]), check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", ctl
    finally:
        subprocess.run(_as_postgres([*ctl, "-m", "immediate", "stop"]), capture_output=True)
        shutil.rmtree(home, ignore_errors=True)


def _run(args: list[str], env: dict) -> str:
    done = subprocess.run([EPISURV, *args], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_restart_under_load_loses_no_acknowledged_write(own_cluster):
    url, ctl = own_cluster
    env = {**os.environ, "EPISURV_DATABASE_URL": url}
    _run(["init"], env)
    _run(["users", "add", "--email", "cdc@restart.test", "--role", "province", "--unit",
          "Hà Nội"], env)
    token = _run(["tokens", "create", "--email", "cdc@restart.test"], env).strip()
    port = _free_port()
    server = subprocess.Popen([EPISURV, "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    acked: list[str] = []
    statuses: list[int] = []
    after_restart: list[str] = []
    restarted = threading.Event()
    stop = threading.Event()

    def write() -> None:
        with httpx.Client(base_url=base, timeout=30,
                          headers={"Authorization": f"Bearer {token}"}) as client:
            n = 0
            while not stop.is_set():
                n += 1
                code = f"RS{n:06d}"
                try:
                    r = client.post("/api/v1/cases", json={
                        "case_id": code, "report_date": "2021-11-07", "province": "Hà Nội",
                        "district": "Ba Đình"})
                except httpx.TransportError:
                    continue
                statuses.append(r.status_code)
                if r.status_code == 201:
                    acked.append(code)
                    if restarted.is_set():
                        after_restart.append(code)

    try:
        for _ in range(100):
            try:
                httpx.get(f"{base}/signin")
                break
            except httpx.TransportError:
                time.sleep(0.1)
        writer = threading.Thread(target=write)
        writer.start()
        deadline = time.monotonic() + 60
        while len(acked) < 20 and time.monotonic() < deadline:
            time.sleep(0.1)
        before = len(acked)
        subprocess.run(_as_postgres([*ctl, "-m", "fast", "restart"]), check=True,
                       capture_output=True)
        restarted.set()
        time.sleep(4)
        stop.set()
        writer.join(60)
    finally:
        server.terminate()
        server.wait(30)

    print(f"acknowledged {before} before the restart, {len(after_restart)} after; "
          f"{statuses.count(503)} answered 503")
    assert before >= 20
    assert len(after_restart) > 5, "the server did not answer writes after the restart"
    assert set(statuses) <= {201, 503}, f"answers other than 201 or 503: {set(statuses)}"
    engine = create_engine(url)
    with engine.connect() as conn:
        stored = set(conn.scalars(text("SELECT case_id FROM cases")))
    engine.dispose()
    assert set(acked) <= stored
