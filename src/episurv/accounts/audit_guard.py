"""The database-side guard of the audit log: UPDATE and DELETE are refused by a trigger, so no
code path (ours or anyone's with the same credentials) can rewrite history."""

from __future__ import annotations

SQLITE_GUARD = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
)
SQLITE_UNGUARD = ("DROP TRIGGER IF EXISTS audit_log_no_update",
                  "DROP TRIGGER IF EXISTS audit_log_no_delete")

POSTGRES_GUARD = (
    "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$",
    "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()",
)
POSTGRES_UNGUARD = ("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log",)


def guard(dialect: str) -> tuple[str, ...]:
    return SQLITE_GUARD if dialect == "sqlite" else POSTGRES_GUARD


def unguard(dialect: str) -> tuple[str, ...]:
    """Only for wiping a test database between tests."""
    return SQLITE_UNGUARD if dialect == "sqlite" else POSTGRES_UNGUARD
