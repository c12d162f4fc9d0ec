"""Audit entries of reads sent together (accounts.read_entries, issue 16): reads that reach their
commit while another read's entries wait for the chain's lock go in one transaction, under one
lock, each chained to the one before; a read whose group failed writes its own entries."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import select, text
from stores import ONLY_POSTGRESQL

from episurv.accounts import audit, read_entries
from episurv.accounts.models import AuditEntry
from episurv.accounts.scope import Scope
from episurv.db import session_scope

pytestmark = ONLY_POSTGRESQL

READER = Scope(role="province", province_code=1, actor="đọc@hà-nội.vn", address="10.0.0.7")


def _read(db: str, code: str, failures: list) -> None:
    try:
        with session_scope(db) as s:
            audit.record(s, READER, "read", "case", code, province_code=1)
    except Exception as exc:  # noqa: BLE001 - the test asserts there were none
        failures.append(exc)


def _lock_waiters(db: str) -> list[int]:
    """The backends waiting for this database's chain lock (audit.hold_chain's key: the
    audit table's oid, whose high half is 0)."""
    deadline = time.monotonic() + 10
    with session_scope(db) as s:
        while not (pids := s.scalars(text(
                "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
                "AND classid = 0 AND objid = 'audit_log'::regclass::oid")).all()) \
                and time.monotonic() < deadline:
            time.sleep(0.02)
    return pids


def _waiting(db) -> int:
    group = read_entries._groups.get(next(
        key for key in read_entries._groups if str(key).endswith(db.rsplit("%3D", 1)[1])))
    with group.changed:
        return sum(len(r.values) for r in group.waiting)


@pytest.fixture
def chain_held(db):
    """The chain's lock held by another writer until the test lets it go."""
    release = threading.Event()
    held = threading.Event()

    def hold() -> None:
        with session_scope(db) as s:
            audit.hold_chain(s)
            held.set()
            release.wait(30)
    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(10)
    yield release
    release.set()
    holder.join(30)


def test_reads_waiting_for_the_chain_are_written_in_one_transaction(db, chain_held):
    failures: list = []
    first = threading.Thread(target=_read, args=(db, "BN-1", failures))
    first.start()
    # BN-1's unit of work leads: its entry waits for the lock with its COMMIT.
    assert len(_lock_waiters(db)) == 1
    deadline = time.monotonic() + 10
    rest = [threading.Thread(target=_read, args=(db, f"BN-{n}", failures)) for n in range(2, 7)]
    for t in rest:
        t.start()
    while _waiting(db) < 5 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert _waiting(db) == 5  # the five wait for BN-1's commit, none took the lock
    chain_held.set()
    for t in [first, *rest]:
        t.join(30)
    assert failures == []
    with session_scope(db) as s:
        rows = s.execute(text("SELECT entity_id, xmin::text FROM audit_log ORDER BY id")).all()
        assert audit.verify(s) == {"entries": 6, "ok": True, "first_bad": None}
    assert rows[0][0] == "BN-1"
    # One transaction for BN-1, one for the five that waited (one each before grouping).
    assert len({xmin for _code, xmin in rows}) == 2
    assert {code for code, _xmin in rows[1:]} == {f"BN-{n}" for n in range(2, 7)}
    assert len({xmin for _code, xmin in rows[1:]}) == 1


def test_a_read_whose_group_failed_writes_its_own_entry(db, chain_held):
    """The leader's connection is lost while its batch waits for the lock: its own read fails
    (its COMMIT did), and the read that waited in its group sends its entry itself."""
    leader_failed: list = []
    follower_failed: list = []
    leader = threading.Thread(target=_read, args=(db, "BN-1", leader_failed))
    leader.start()
    pids = _lock_waiters(db)
    assert len(pids) == 1
    deadline = time.monotonic() + 10
    follower = threading.Thread(target=_read, args=(db, "BN-2", follower_failed))
    follower.start()
    while _waiting(db) < 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert _waiting(db) == 1
    with session_scope(db) as s:
        assert s.scalar(text("SELECT pg_terminate_backend(:pid)"), {"pid": pids[0]})
    leader.join(30)
    assert len(leader_failed) == 1
    chain_held.set()
    follower.join(30)
    assert follower_failed == []
    with session_scope(db) as s:
        assert s.scalars(select(AuditEntry.entity_id)).all() == ["BN-2"]
        assert audit.verify(s)["ok"]
