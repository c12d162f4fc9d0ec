"""The migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from episurv import models_registry  # noqa: F401
from episurv.db import Base, get_engine
from episurv.migrations import partition_filters


def test_migrated_schema_matches_the_models(db):
    with get_engine(db).connect() as conn:
        diff = compare_metadata(MigrationContext.configure(
            conn, opts=partition_filters(conn)), Base.metadata)
    assert diff == []


def test_audit_log_refuses_update_and_delete(db):
    engine = get_engine(db)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO audit_log (at, actor, action, entity, entity_id, changes, "
                          "chain) VALUES ('2021-11-07 10:00:00', 'x', 'create', 'case', 'BN1', "
                          "'{}', '')"))
    for statement in ("UPDATE audit_log SET actor = 'y'", "DELETE FROM audit_log"):
        try:
            with engine.begin() as conn:
                conn.execute(text(statement))
        except Exception as exc:  # noqa: BLE001 - both drivers raise their own error class
            assert "append-only" in str(exc)
        else:
            raise AssertionError(f"{statement} was allowed")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT actor FROM audit_log")).scalars().all() == ["x"]
