"""the case register's outcome "transferred" (to hospital, a higher level of care): the
outcome column widened to hold it and its CHECK constraint allowing it

SQLite rebuilds the cases table (batch mode: the constraint is part of the table's
definition); PostgreSQL alters the column and replaces the constraint in place. Every row is
kept as it was.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-29
"""
import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

BEFORE = ("active", "recovered", "died")
AFTER = ("active", "recovered", "died", "transferred")


def _one_of(values: tuple[str, ...]) -> str:
    return f"outcome IN ({', '.join(repr(v) for v in values)})"


def _replace(values: tuple[str, ...], width: int, old_width: int) -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_constraint(op.f("ck_cases_outcome"), type_="check")
        batch.alter_column("outcome", type_=sa.String(length=width),
                           existing_type=sa.String(length=old_width), existing_nullable=False)
        batch.create_check_constraint(op.f("ck_cases_outcome"), _one_of(values))


def upgrade() -> None:
    _replace(AFTER, 12, 10)


def downgrade() -> None:
    # A transferred case was active before this outcome existed.
    op.execute("UPDATE cases SET outcome = 'active', outcome_date = NULL "
               "WHERE outcome = 'transferred'")
    _replace(BEFORE, 10, 12)
