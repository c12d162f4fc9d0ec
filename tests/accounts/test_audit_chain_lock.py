"""The audit chain's writer lock on PostgreSQL belongs to one audit table: an installation in
another schema of the same database, extending its own chain, does not hold this one up."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pg_for_tests import fresh_schema
from sqlalchemy import text

from episurv.accounts import audit
from episurv.accounts.models import AuditEntry
from episurv.db import session_scope


@pytest.fixture
def other_installation():
    """A schema beside the test's holding an audit table of its own (only what the chain reads)."""
    with fresh_schema("episurv_other", "CREATE TABLE {schema}.audit_log "
                      "(id bigint PRIMARY KEY, chain varchar(64))") as url:
        yield url


def test_another_schemas_audit_writer_does_not_block_this_one(db, other_installation,
                                                              monkeypatch):
    if db.startswith("sqlite"):
        pytest.skip("SQLite has one writer per file: there is no lock to share")
    with session_scope(other_installation) as other:
        assert audit._last_hash(other) == audit.GENESIS  # holds its chain's lock until the end
        with session_scope(db) as mine:
            mine.execute(text("SET LOCAL lock_timeout = 2000"))
            audit.append(mine, at=datetime(2021, 11, 8, tzinfo=UTC), actor="a@b.vn",
                         address=None, action="read", entity="cases",
                         items=[("list", None, {"rows": 3})])
        other.rollback()
    with session_scope(db) as mine:
        assert [e.entity for e in mine.query(AuditEntry)] == ["cases"]
