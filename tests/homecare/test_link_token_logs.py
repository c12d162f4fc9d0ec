"""The personal link's token reaches no log: `episurv serve` runs, the link is opened and used
the way a phone does (and the way a link printed before the token moved to the fragment does),
then the server's whole output and the audit log are searched for the token."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from datetime import datetime
from pathlib import Path

import httpx
from sqlalchemy import select

from episurv.accounts.models import AuditEntry
from episurv.accounts.scope import SYSTEM
from episurv.core.time import LOCAL
from episurv.homecare import service as hc
from episurv.homecare.schemas import AssessmentIn

from .conftest import GOOD

EPISURV = Path(sys.executable).with_name("episurv")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_no_log_line_holds_the_token(session, station):
    today = datetime.now(LOCAL).date()
    link = hc.assess(session, scope=SYSTEM, province_code=1, person_id=station["f0"].id,
                     answers=AssessmentIn(date=today, positive_on=today, **GOOD)).link
    session.commit()
    path, token = link.split("#")
    port = _free_port()
    # The default log level: uvicorn writes every request to its access log.
    server = subprocess.Popen([str(EPISURV), "serve", "--workers", "1", "--port", str(port)],
                              env=os.environ.copy(), stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    mine = {"X-Checkin-Token": token}
    try:
        for _ in range(300):
            try:
                httpx.get(f"{base}/static/checkin.js")
                break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            raise AssertionError("the server did not start")
        with httpx.Client(base_url=base) as phone:
            page = phone.get(link)  # the fragment stays on the phone
            assert page.status_code == 200
            assert page.headers["referrer-policy"] == "no-referrer"
            assert phone.get("/api/v1/public/checkins/1", headers=mine).status_code == 200
            body = {"client_id": str(uuid.uuid4()), "spo2": 98,
                    "measured_at": datetime.now(LOCAL).isoformat()}
            assert phone.post("/api/v1/public/checkins/1?lang=vi", json=body,
                              headers=mine).status_code == 201
            # A link printed when the token was in the path, and a page of that time.
            old = phone.get(f"/c/1/{token}", follow_redirects=False)
            assert old.headers["location"] == link
            assert phone.post(f"/api/v1/public/checkins/1/{token}?lang=vi", json=body
                              ).status_code == 200
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        output, _ = server.communicate(timeout=20)
    # The requests were logged (so the search below searched something)...
    assert '"GET /c/1 HTTP/1.1" 200' in output
    assert '"POST /api/v1/public/checkins/1?lang=vi HTTP/1.1" 201' in output
    assert '"GET /c/1/[token] HTTP/1.1" 303' in output
    assert '"POST /api/v1/public/checkins/1/[token]?lang=vi HTTP/1.1" 200' in output
    # ...and no line holds the token, nor does the audit log.
    assert token not in output
    assert all(token not in (e.changes or "") + e.entity_id
               for e in session.scalars(select(AuditEntry)))
    assert path == "/c/1"
