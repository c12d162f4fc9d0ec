"""epi curve by onset date; merges the aggregates and outbreak branches

Revision ID: 0005
Revises: 0003, 0004
Create Date: 2026-11-21
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = ("0003", "0004")
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_onset_counts",
        sa.Column("province_code", sa.Integer(), nullable=False),
        sa.Column("report_day", sa.Date(), nullable=False),
        sa.Column("district_code", sa.Integer(), nullable=False),
        sa.Column("onset_day", sa.Date(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("province_code", "report_day", "district_code", "onset_day",
                                name=op.f("pk_case_onset_counts")),
    )
    # Cases imported before this table existed get their onset counts now.
    op.execute("""
        INSERT INTO case_onset_counts (province_code, report_day, district_code, onset_day, n)
        SELECT province_code, report_day, COALESCE(district_code, 0), onset_date, COUNT(*)
        FROM cases WHERE onset_date IS NOT NULL
        GROUP BY province_code, report_day, COALESCE(district_code, 0), onset_date
    """)


def downgrade() -> None:
    op.drop_table("case_onset_counts")
