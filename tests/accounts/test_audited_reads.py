"""An audited read (the API's case list, a case lookup) takes the audit chain's lock only as its
unit of work ends (issue 11: under 20 clients the case list queued on the lock, which each
reader held through the rest of its request). On PostgreSQL the entry goes with the read's own
COMMIT on the read's own connection (issue 16: a second checkout, its ping and its round trip
were a tenth of a lookup); on SQLite it is written right after, in a transaction of its own."""

from __future__ import annotations

import json

from sqlalchemy import event, select

from episurv.accounts.models import AuditEntry
from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.db import get_engine, session_scope
from handmade import LINE_LIST


def test_the_case_lists_audit_entry_is_written_as_its_read_commits(client_as, session,
                                                                      write_csv, db):
    import_cases(session, scope=SYSTEM, path=write_csv(LINE_LIST))
    session.commit()
    client = client_as("province")
    client.get("/api/v1/cases", params={"limit": 1})  # the token's first use is written once
    events: list[str] = []

    def statement(conn, cursor, text, *args):
        events.append(" ".join(text.split()))

    def commit(conn):
        events.append("COMMIT")

    def checkout(*_args):
        events.append("CHECKOUT")
    engine = get_engine(db)
    event.listen(engine, "before_cursor_execute", statement)
    event.listen(engine, "commit", commit)
    event.listen(engine, "checkout", checkout)
    try:
        answer = client.get("/api/v1/cases", params={"limit": 3})
    finally:
        event.remove(engine, "before_cursor_execute", statement)
        event.remove(engine, "commit", commit)
        event.remove(engine, "checkout", checkout)
    assert answer.status_code == 200 and len(answer.json()["items"]) == 3
    read = next(i for i, e in enumerate(events) if "FROM cases" in e)
    committed = events.index("COMMIT", read)
    assert read < committed
    if engine.dialect.name == "postgresql":
        # One connection: the driver sends the chain's lock, the entry (chained by the server)
        # and the read's COMMIT at once, after the read; no second checkout, nothing after.
        assert events[0] == "CHECKOUT" and events.count("CHECKOUT") == 1
        assert events[committed + 1:] == []
    else:
        # The read's unit of work commits first; the entry comes after.
        # The chain's head the entry reads marks where it is written (its own transaction,
        # which commits right behind it).
        write = next(i for i, e in enumerate(events) if "SELECT audit_log.chain" in e)
        assert committed < write
        assert events[write + 1:].count("COMMIT") == 1 and events[-1] == "COMMIT"
    with session_scope(db) as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.action == "read")
                            .order_by(AuditEntry.id)).all()
    assert [json.loads(e.changes)["rows"] for e in entries] == [1, 3]
    assert entries[-1].actor == client.email
    from episurv.accounts.audit import verify
    with session_scope(db) as s:
        assert verify(s)["ok"]


def test_reading_one_case_through_the_api_writes_one_entry_naming_the_case_and_the_reader(
        client_as, session, write_csv, db):
    import_cases(session, scope=SYSTEM, path=write_csv(LINE_LIST))
    session.commit()
    client = client_as("province")
    with session_scope(db) as s:
        before = s.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1))
    answer = client.get("/api/v1/cases/A2")
    assert answer.status_code == 200 and answer.json()["case_id"] == "A2"
    with session_scope(db) as s:
        added = s.scalars(select(AuditEntry).where(AuditEntry.id > before)).all()
        assert [(e.action, e.entity, e.entity_id, e.province_code, e.actor, e.changes)
                for e in added] == [("read", "case", "A2", 1, client.email, "{}")]
        from episurv.accounts.audit import verify
        assert verify(s)["ok"]
    # A case outside the caller's province is not found, and its read is not recorded.
    assert client.get("/api/v1/cases/B1").status_code == 404
    with session_scope(db) as s:
        assert s.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1)) \
            == added[-1].id


def test_a_read_waits_its_turn_behind_another_writer_and_is_recorded(db):
    """While another writer holds the chain (PostgreSQL's lock, SQLite's one writer), a read
    waits for it and then writes its entry; on SQLite it used to fail at once, its reading
    transaction unable to become a writer, and the request failed with it."""
    import sqlite3
    import threading
    import time

    from sqlalchemy import make_url, text

    from episurv.accounts import audit
    from episurv.accounts.audit import verify

    engine = get_engine(db)
    postgres = engine.dialect.name == "postgresql"
    if postgres:
        holder = engine.connect()
        holder.execute(text("SELECT pg_advisory_xact_lock('audit_log'::regclass::oid::bigint)"))
    else:  # SQLite's one writer, held by a connection of its own
        holder = sqlite3.connect(make_url(db).database, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
    outcome: list[object] = []

    def read() -> None:
        try:
            with session_scope(db) as s:
                audit.record(s, SYSTEM, "read", "case", "C1", province_code=1)
            outcome.append("answered")
        except Exception as exc:  # noqa: BLE001 - what the request would have failed with
            outcome.append(exc)

    reader = threading.Thread(target=read)
    reader.start()
    time.sleep(0.5)
    assert outcome == []  # not answered while its entry cannot be written
    if postgres:
        holder.commit()
    else:
        holder.execute("COMMIT")
    holder.close()
    reader.join(60)
    assert outcome == ["answered"]
    with session_scope(db) as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.action == "read")).all()
        assert [(e.entity, e.entity_id) for e in entries] == [("case", "C1")]
        assert verify(s)["ok"]


def test_a_read_entry_with_a_personal_value_holds_its_keyed_hash_and_extends_the_chain(db):
    """The entry written apart (on PostgreSQL chained by the server in one round trip) holds a
    personal value as its keyed hash, never as text, and chains as `entry_hash` says."""
    from datetime import UTC, datetime

    from episurv.accounts import audit

    at = datetime(2021, 11, 8, 3, 4, 5, 678901, tzinfo=UTC)
    for entity_id in ("BN-1", "BN-2"):
        audit._append_apart(get_engine(db), {
            "at": at, "actor": "đọc@hà-nội.vn", "address": "10.0.0.7", "action": "read",
            "entity": "case", "items": [(entity_id, 1, {"name": "Nguyễn Thị Hoa", "rows": 1})]})
    with session_scope(db) as s:
        first, second = s.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        stored = json.loads(second.changes)
        assert stored["rows"] == 1 and stored["name"].startswith("hmac:")
        assert audit.proves(s, "Nguyễn Thị Hoa", stored["name"])
        assert "Hoa" not in second.changes
        assert first.chain == audit.entry_hash(
            audit.GENESIS, at, "đọc@hà-nội.vn", "10.0.0.7", "read", "case", "BN-1", 1,
            first.changes)
        assert second.chain == audit.entry_hash(
            first.chain, at, "đọc@hà-nội.vn", "10.0.0.7", "read", "case", "BN-2", 1,
            second.changes)
        assert audit.verify(s) == {"entries": 2, "ok": True, "first_bad": None}


def test_a_case_lookup_takes_one_connection_on_postgresql(client_as, session, write_csv, db):
    """Issue 16: a lookup checked out a connection for its read and a second one for its audit
    entry, each with its ping (pool_pre_ping). The entry now goes with the read's commit on
    PostgreSQL; SQLite's entry keeps a writer's transaction of its own (BEGIN IMMEDIATE), as a
    reader there cannot become a writer midway."""
    import_cases(session, scope=SYSTEM, path=write_csv(LINE_LIST))
    session.commit()
    client = client_as("province")
    client.get("/api/v1/cases/A1")  # the token's first use is written once
    engine = get_engine(db)
    checkouts: list[int] = []

    def checkout(*_args):
        checkouts.append(1)
    with session_scope(db) as s:
        before = s.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1))
    event.listen(engine, "checkout", checkout)
    try:
        for code in ("A2", "A7"):
            assert client.get(f"/api/v1/cases/{code}").json()["case_id"] == code
    finally:
        event.remove(engine, "checkout", checkout)
    assert len(checkouts) == (2 if engine.dialect.name == "postgresql" else 4)
    with session_scope(db) as s:
        added = s.scalars(select(AuditEntry).where(AuditEntry.id > before)
                          .order_by(AuditEntry.id)).all()
        assert [(e.action, e.entity, e.entity_id, e.province_code, e.actor)
                for e in added] == [("read", "case", "A2", 1, client.email),
                                    ("read", "case", "A7", 1, client.email)]
        from episurv.accounts.audit import verify
        assert verify(s)["ok"]


def test_reads_recorded_in_one_unit_of_work_chain_in_order_with_its_commit(db):
    """Two read entries of one read-only unit of work, one with a personal value: on PostgreSQL
    both go with its COMMIT on its one connection; each is chained to the one before as
    `entry_hash` says, the personal value as its keyed hash."""
    from datetime import UTC, datetime
    from unittest import mock

    from episurv.accounts import audit
    from episurv.accounts.scope import Scope

    reader = Scope(role="province", province_code=1, actor="đọc@hà-nội.vn",
                   address="10.0.0.7")
    at = datetime(2021, 11, 8, 3, 4, 5, 678901, tzinfo=UTC)
    engine = get_engine(db)
    checkouts: list[int] = []

    def checkout(*_args):
        checkouts.append(1)
    event.listen(engine, "checkout", checkout)
    try:
        with mock.patch.object(audit, "datetime", wraps=datetime) as clock:
            clock.now.return_value = at
            with session_scope(db) as s:
                audit.record(s, reader, "read", "case", "BN-1", province_code=1)
                audit.record(s, reader, "read", "case", "BN-2", province_code=1,
                             changes={"name": "Nguyễn Thị Hoa", "rows": 1})
                # Nothing is written before the unit of work ends.
                assert s.scalar(select(AuditEntry.id).limit(1)) is None
    finally:
        event.remove(engine, "checkout", checkout)
    assert len(checkouts) == (1 if engine.dialect.name == "postgresql" else 3)
    with session_scope(db) as s:
        first, second = s.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        assert (first.entity_id, first.changes) == ("BN-1", "{}")
        stored = json.loads(second.changes)
        assert stored["rows"] == 1 and audit.proves(s, "Nguyễn Thị Hoa", stored["name"])
        assert "Hoa" not in second.changes
        assert first.chain == audit.entry_hash(
            audit.GENESIS, at, "đọc@hà-nội.vn", "10.0.0.7", "read", "case", "BN-1", 1, "{}")
        assert second.chain == audit.entry_hash(
            first.chain, at, "đọc@hà-nội.vn", "10.0.0.7", "read", "case", "BN-2", 1,
            second.changes)
        assert audit.verify(s) == {"entries": 2, "ok": True, "first_bad": None}
