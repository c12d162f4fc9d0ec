"""clock times in one form on SQLite: 'HH:MM:SS'

SQLite keeps a time as text and compares it as text. The line-list import wrote 'HH:MM:SS', the
ORM and db.bulk_insert 'HH:MM:SS.ffffff' (SQLAlchemy's default), so the same moment written by
two paths compared unequal and '18:00:00.000000' counted as later than an 18:00 cut-off. The
columns now write 'HH:MM:SS' on every path (core.types.ClockTime); this brings the rows already
written to it. PostgreSQL stores a time, not text: nothing to do there.

Revision ID: 0022
Revises: 0021
Create Date: 2026-11-30
"""
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

COLUMNS = (("cases", "report_time"), ("case_visits", "start_time"),
           ("case_visits", "end_time"), ("exposure_notices", "start_time"),
           ("exposure_notices", "end_time"))


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table, column in COLUMNS:
        op.execute(f"UPDATE {table} SET {column} = substr({column}, 1, 8) "
                   f"WHERE length({column}) > 8")


def downgrade() -> None:
    # 'HH:MM:SS' reads back as the same time under either form: nothing to undo.
    pass
