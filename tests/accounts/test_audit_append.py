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
