"""Nothing lost, nothing twice: an import killed with SIGKILL in the middle of its writes leaves
no partial state, and running it again gives every row exactly once (a real subprocess, on
SQLite and PostgreSQL)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from episurv.cases.models import Case, CaseDailyCount
from episurv.db import get_engine, session_scope
from episurv.demo.generator import generate, write_csv

ROWS = 60_000
EPISURV = str(Path(sys.executable).with_name("episurv"))
APP_NAME = "episurv-kill-test"


@pytest.fixture(scope="module")
def line_list(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("kill") / "cases.csv"
    write_csv(generate(ROWS, 3), path)
    return path


def _writing(url: str) -> bool:
    """The import has begun writing rows (its transaction is open)."""
    if url.startswith("sqlite"):
        wal = Path(url.removeprefix("sqlite:///") + "-wal")
        return wal.exists() and wal.stat().st_size > 2_000_000
    with get_engine(url).connect() as conn:
        return bool(conn.scalar(text(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = :a AND "
            "state = 'active' AND query ILIKE '%cases%'"), {"a": APP_NAME}))


def _count(url: str, what) -> int:
    with session_scope(url) as s:
        return s.scalar(what) or 0


def test_an_import_killed_midway_then_run_again_holds_every_row_once(db, line_list):
    env = {**os.environ, "EPISURV_DATABASE_URL": db, "PGAPPNAME": APP_NAME}
    proc = subprocess.Popen([EPISURV, "import", "cases", str(line_list)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not _writing(db):
        assert proc.poll() is None, "the import ended before it could be killed midway"
        assert time.monotonic() < deadline, "the import never started writing"
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL

    # Nothing of the killed import is visible: no case without its counts, or the reverse.
    cases = _count(db, select(func.count()).select_from(Case))
    counted = _count(db, select(func.sum(CaseDailyCount.n)))
    assert cases == counted

    again = subprocess.run([EPISURV, "import", "cases", str(line_list)], env=env,
                           capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert _count(db, select(func.count()).select_from(Case)) == ROWS
    assert _count(db, select(func.count(func.distinct(Case.case_id)))) == ROWS
    assert _count(db, select(func.sum(CaseDailyCount.n))) == ROWS
