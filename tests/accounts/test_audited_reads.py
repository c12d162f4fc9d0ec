"""An audited read (the API's case list) writes its entry right after its own unit of work
commits, in a short transaction of its own (issue 11: under 20 clients the case list queued on
the audit chain's lock, which each reader held through the rest of its request)."""

from __future__ import annotations

import json

from sqlalchemy import event, select

from episurv.accounts.models import AuditEntry
from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.db import get_engine, session_scope
from handmade import LINE_LIST


def test_the_case_lists_audit_entry_is_written_after_its_read_commits(client_as, session,
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
    engine = get_engine(db)
    event.listen(engine, "before_cursor_execute", statement)
    event.listen(engine, "commit", commit)
    try:
        answer = client.get("/api/v1/cases", params={"limit": 3})
    finally:
        event.remove(engine, "before_cursor_execute", statement)
        event.remove(engine, "commit", commit)
    assert answer.status_code == 200 and len(answer.json()["items"]) == 3
    read = next(i for i, e in enumerate(events) if "FROM cases" in e)
    # The entry itself goes through the driver's cursor (COPY); the chain's head it reads
    # first marks where it is written.
    write = next(i for i, e in enumerate(events) if "SELECT audit_log.chain" in e)
    lock = [i for i, e in enumerate(events) if "pg_advisory_xact_lock" in e]
    # The read's unit of work commits first; the entry (and on PostgreSQL the chain's lock)
    # comes after, and its own transaction commits right behind it.
    assert read < events.index("COMMIT", read) < write
    assert all(events.index("COMMIT", read) < i for i in lock)
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
