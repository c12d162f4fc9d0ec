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
    assert read < committed  # the read's unit of work commits first; the entry comes after
    if engine.dialect.name == "postgresql":
        # A connection of its own, through which the driver sends the chain's lock, the entry
        # (chained by the server) and the commit at once (issue 16): nothing else after.
        assert events[committed + 1:] == ["CHECKOUT"]
    else:
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
