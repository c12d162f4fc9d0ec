"""`episurv serve --workers N` behind a reverse proxy: the per-address sign-in limit counts
the address the proxy forwards, in whichever worker a request lands (issue 11)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import signing

from episurv.accounts.service import MAX_FAILURES_PER_ADDRESS

EPISURV = Path(sys.executable).with_name("episurv")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_two_workers_count_the_forwarded_address(db):
    port = _free_port()
    server = subprocess.Popen([str(EPISURV), "serve", "--workers", "2", "--port", str(port),
                               "--trusted-proxies", "127.0.0.1"],
                              env=os.environ.copy(), stderr=subprocess.PIPE, text=True,
                              start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/signin").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            raise AssertionError("the server did not start")

        def sign_in(address: str) -> int:
            # As a browser behind the proxy: the form (and its CSRF token), then the post.
            with httpx.Client(base_url=base, headers={"X-Forwarded-For": address}) as client:
                return signing.sign_in(client, f"x{time.time_ns()}@x.vn",
                                       "wrong-password").status_code

        assert {sign_in("203.0.113.5") for _ in range(MAX_FAILURES_PER_ADDRESS)} == {401}
        assert sign_in("203.0.113.5") == 429  # that address is locked out...
        assert sign_in("198.51.100.9") == 401  # ...another one behind the same proxy is not
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        _out, errors = server.communicate(timeout=20)
    assert "with 2 worker(s)" in errors
    assert errors.count("Started server process") == 2
