"""`episurv serve --workers N`: connections spread over the workers, a second server refused
the port, and behind a reverse proxy the per-address sign-in limit counts the address the proxy
forwards, in whichever worker a request lands (issue 11)."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import signing
from stores import ONLY_SQLITE

from episurv import dataversion
from episurv.accounts.scope import SYSTEM
from episurv.accounts.service import MAX_FAILURES_PER_ADDRESS
from episurv.cases.importer import import_cases
from handmade import LINE_LIST

EPISURV = Path(sys.executable).with_name("episurv")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(port: int, *extra: str, stdout=None) -> subprocess.Popen:
    """`episurv serve --workers 2` on `port`, once both workers have started (a connection
    made before goes to the one that has); `stdout`: where its standard output goes."""
    server = subprocess.Popen([str(EPISURV), "serve", "--workers", "2", "--port", str(port),
                               *extra], env=os.environ.copy(), stderr=subprocess.PIPE,
                              stdout=stdout, text=True, start_new_session=True)
    said, deadline = [], time.monotonic() + 120
    while sum("Application startup complete" in line for line in said) < 2:
        if time.monotonic() > deadline or server.poll() is not None:
            os.killpg(server.pid, signal.SIGKILL)
            raise AssertionError("the server did not start: " + "".join(said))
        said.append(server.stderr.readline())
    server.said = "".join(said)
    return server


def _stop(server: subprocess.Popen) -> str:
    """What the server said, once it stopped on SIGTERM; one still running after 60 s fails
    the test and is killed, not left behind."""
    os.killpg(server.pid, signal.SIGTERM)
    try:
        return server.said + server.communicate(timeout=60)[1]
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.communicate()
        raise AssertionError("the server did not stop within 60 s of SIGTERM") from None


def _established(port: int) -> dict[int, int]:
    """Per process of this machine: how many connections to `port` it holds open (read from
    /proc: the sockets of /proc/net/tcp in state ESTABLISHED, found among each one's fds)."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].split(":")[1], 16) == port and fields[3] == "01":
            inodes.add(f"socket:[{fields[9]}]")
    held: dict[int, int] = {}
    for fd_dir in Path("/proc").glob("[0-9]*/fd"):
        try:
            links = [os.readlink(fd) for fd in fd_dir.iterdir()]
        except OSError:  # gone, or not ours to read
            continue
        if count := sum(link in inodes for link in links):
            held[int(fd_dir.parent.name)] = count
    return held


def _ask(client: socket.socket, path: str) -> bytes:
    """One request on a keep-alive connection; the body of its answer."""
    client.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    answer = b""
    while b"\r\n\r\n" not in answer:
        piece = client.recv(65536)
        assert piece, f"the server closed the connection; answer so far {answer!r}"
        answer += piece
    head, body = answer.split(b"\r\n\r\n", 1)
    assert head.startswith(b"HTTP/1.1 200"), head
    length = int(re.search(rb"content-length: (\d+)", head, re.IGNORECASE).group(1))
    while len(body) < length:
        piece = client.recv(65536)
        assert piece, "the server closed the connection mid-answer"
        body += piece
    return body


def test_connections_opened_together_spread_over_the_workers(db, session, write_csv):
    """Twenty keep-alive connections opened at once, as a load generator or a proxy opens
    them: each worker serves some. A write made by another process while each worker holds the
    report in its cache shows on every connection once the versions the workers remember are
    stale (within dataversion.FRESH, and a margin for a loaded machine)."""
    import_cases(session, scope=SYSTEM, path=write_csv(LINE_LIST))
    session.commit()
    port = _free_port()
    # Connections kept open while idle for two minutes: at uvicorn's 5 s, a loaded machine's
    # pause between a connection's answer and the look at /proc had it closed already.
    server = _serve(port, "--keep-alive", "120")
    clients = []
    daily = "/api/v1/reports/daily?province=H%C3%A0%20N%E1%BB%99i"
    try:
        clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(20)]
        # A4, reported after the cut-off on 7/11, is the latest day's one case.
        assert {json.loads(_ask(c, daily))["new_cases"] for c in clients} == {1}
        held = _established(port)  # the servers' ends (this test's have another local port)
        assert sum(held.values()) == 20
        assert len(held) == 2, held
        import_cases(session, scope=SYSTEM, path=write_csv(
            LINE_LIST.splitlines()[0] + "\nA12,2021-11-08,09:00,Hà Nội,Ba Đình,community,"
            "screening,\n", name="more.csv"))
        session.commit()
        # Asked again until FRESH (and a margin) has passed: the connections stay in use, where
        # a blind wait let uvicorn's keep-alive timeout (5 s) close some on a loaded machine.
        deadline = time.monotonic() + dataversion.FRESH + 2
        while True:
            seen = [json.loads(_ask(c, daily))["new_cases"] for c in clients]
            if seen == [2] * 20 or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert seen == [2] * 20
    finally:
        for client in clients:
            client.close()
        errors = _stop(server)
    assert errors.count("Started server process") == 2


# Its subject is the port, which no store changes: SQLite alone.
@ONLY_SQLITE
def test_a_second_server_on_the_port_is_refused(db):
    """Sockets that share a port with SO_REUSEPORT would silently share it with another server
    started there by mistake: the second one stops with a message instead."""
    port = _free_port()
    server = _serve(port)
    try:
        second = subprocess.run([str(EPISURV), "serve", "--workers", "2", "--port", str(port)],
                                env=os.environ.copy(), capture_output=True, text=True,
                                timeout=60)
    finally:
        _stop(server)
    assert second.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}: Address already in use" in second.stderr


def test_two_workers_count_the_forwarded_address(db):
    port = _free_port()
    server = _serve(port, "--trusted-proxies", "127.0.0.1")
    base = f"http://127.0.0.1:{port}"
    try:
        def sign_in(address: str) -> int:
            # As a browser behind the proxy: the form (and its CSRF token), then the post.
            with httpx.Client(base_url=base, headers={"X-Forwarded-For": address}) as client:
                return signing.sign_in(client, f"x{time.time_ns()}@x.vn",
                                       "wrong-password").status_code

        assert {sign_in("203.0.113.5") for _ in range(MAX_FAILURES_PER_ADDRESS)} == {401}
        assert sign_in("203.0.113.5") == 429  # that address is locked out...
        assert sign_in("198.51.100.9") == 401  # ...another one behind the same proxy is not
    finally:
        errors = _stop(server)
    assert "with 2 worker(s)" in errors
    assert errors.count("Started server process") == 2


# Its subject is uvicorn's log of the requests and its connections, which no store changes:
# SQLite alone (three servers of two workers each took 18-28 s a store on CI).
@ONLY_SQLITE
def test_the_access_log_can_be_turned_off_and_the_keep_alive_set(db, tmp_path):
    """uvicorn's line per request (on standard output) was about 3% of a lookup's CPU
    (issue 16): behind a proxy that keeps its own log, `--no-access-log` leaves it out. On by
    default, as before; the workers' start is still said either way. `--keep-alive` sets how
    long an idle connection stays open: here 1 s, so the server closes the connection."""
    logged, said = {}, {}
    quiet = ("--no-access-log", "--keep-alive", "1")
    # The default and the quiet server: `--access-log` is the default's flag, one typer option
    # with `--no-access-log` (a server of its own was a third of this test).
    for flag in ((), quiet):
        port = _free_port()
        with open(tmp_path / "out", "w+") as out:
            server = _serve(port, *flag, stdout=out)
            try:
                # A worker's first answer waits for what it loads on first use: httpx's
                # default 5 s ran out on a loaded machine.
                assert httpx.get(f"http://127.0.0.1:{port}/static/style.css",
                                 timeout=60).status_code == 200
                if flag == quiet:
                    with socket.create_connection(("127.0.0.1", port), timeout=60) as idle:
                        assert _ask(idle, "/static/style.css").startswith(b":root")
                        assert idle.recv(1) == b""  # closed by the server, not timed out
            finally:
                said[flag] = _stop(server)
            out.seek(0)
            logged[flag] = out.read()
    line = '"GET /static/style.css HTTP/1.1" 200'
    assert line in logged[()]
    assert "GET /static/style.css" not in logged[quiet]
    assert said[quiet].count("Started server process") == 2


@ONLY_SQLITE
def test_the_demo_serves_keep_alive_connections(db):
    """`episurv demo` (what `make demo` runs) serves after building. It called `serve` without
    the access log and keep-alive options, so uvicorn was given typer's declaration of the
    option instead of 5 s: every answer on a keep-alive connection ended in a TypeError
    (uvicorn compares the timeout with an int) and the browser saw it cut short
    (ERR_CONTENT_LENGTH_MISMATCH on the pages' scripts). It serves with as many workers as
    `serve` (it ran one, and 20 users of the demo shared one core); `--workers` sets them."""
    port = _free_port()
    server = subprocess.Popen([str(EPISURV), "demo", "--cases", "60", "--port", str(port),
                               "--workers", "2"],
                              env=os.environ.copy(), stderr=subprocess.PIPE,
                              stdout=subprocess.DEVNULL, text=True, start_new_session=True)
    said, deadline = [], time.monotonic() + 300
    try:
        while "".join(said).count("Application startup complete") < 2:  # both workers ready
            assert time.monotonic() < deadline and server.poll() is None, "".join(said)
            said.append(server.stderr.readline())
        server.said = "".join(said)
        assert "with 2 worker(s)" in server.said
        with socket.create_connection(("127.0.0.1", port), timeout=60) as client:
            style = (Path(__file__).parents[2] / "src/episurv/web/static/style.css").read_bytes()
            assert _ask(client, "/static/style.css") == style
            assert _ask(client, "/static/style.css") == style  # the same connection, kept
    finally:
        log = _stop(server)
    assert "Traceback" not in log, log
