"""The audit's bulk append stores each entry's fields exactly as given, whatever characters
they hold: on PostgreSQL the entries go in as COPY text, in which a backslash, a tab and a line
end are escapes; the chain written with them verifies."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from episurv.accounts import audit
from episurv.accounts.models import AuditEntry


def test_entries_keep_backslashes_tabs_and_line_ends(session):
    at = datetime(2021, 11, 7, 20, 59, 30, 123456, tzinfo=UTC)
    odd = "BN\\1\t2\n3\r4"
    n = audit.append(session, at=at, actor="cdc\\hn@x.vn", address="10.0.0.1\t", action="update",
                     entity="case", items=[
                         (odd, 1, {"source": ["unknown", "a\\b\tc\nd"]}),
                         ("BN2", None, None)])
    session.commit()
    entries = session.query(AuditEntry).order_by(AuditEntry.id).all()
    assert n == 2
    assert [(e.actor, e.address, e.entity_id, e.province_code) for e in entries] == [
        ("cdc\\hn@x.vn", "10.0.0.1\t", odd, 1), ("cdc\\hn@x.vn", "10.0.0.1\t", "BN2", None)]
    assert json.loads(entries[0].changes) == {"source": ["unknown", "a\\b\tc\nd"]}
    assert entries[1].changes == "{}"
    # SQLite hands the moment back without its zone (stored as UTC).
    assert entries[0].at.replace(tzinfo=UTC) == at
    assert audit.verify(session) == {"entries": 2, "ok": True, "first_bad": None}


def test_the_key_is_read_only_for_an_entry_that_names_a_person(db):
    from statements import statements

    from episurv.accounts.scope import SYSTEM
    from episurv.db import session_scope

    def record(changes: dict) -> None:
        with session_scope(db) as s:
            audit.record(s, SYSTEM, "create", "household", "1:7", changes=changes,
                         province_code=1)

    plain = statements(db, lambda: record({"code": [None, "Tổ 1-01"], "ward_code": [None, 8]}))
    personal = statements(db, lambda: record({"phone": [None, "0912345678"]}))
    assert [s for s in plain if "app_secrets" in s] == []
    assert len([s for s in personal if "app_secrets" in s]) == 1
    with session_scope(db) as s:
        entries = s.query(AuditEntry).order_by(AuditEntry.id).all()
        assert json.loads(entries[0].changes) == {"code": [None, "Tổ 1-01"], "ward_code": [None, 8]}
        # The phone is kept as its keyed hash, never as text.
        hashed = json.loads(entries[1].changes)["phone"][1]
        assert hashed != "0912345678" and audit.proves(s, "0912345678", hashed)
        assert audit.verify(s) == {"entries": 2, "ok": True, "first_bad": None}
