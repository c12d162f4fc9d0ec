"""national scale: the line-list counts per province and day (case_province_days, what the
national report sums), the national case list's keyset (report_day, id) and a prefix index on
patient codes

At 10,000,000 cases the national report summed case_daily_counts (millions of rows: districts x
sources x clusters), and a national page of the case list or a search by the start of a code
read every case; benchmarks/bench_scale.py measures each.

Revision ID: 0021
Revises: 0019
Create Date: 2026-11-29
"""
import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_province_days",
        sa.Column("province_code", sa.Integer(), nullable=False),
        sa.Column("report_day", sa.Date(), nullable=False),
        sa.Column("detected_in", sa.String(length=12), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("province_code", "report_day", "detected_in",
                                name=op.f("pk_case_province_days")),
    )
    op.execute("INSERT INTO case_province_days (province_code, report_day, detected_in, n) "
               "SELECT province_code, report_day, detected_in, SUM(n) FROM case_daily_counts "
               "GROUP BY province_code, report_day, detected_in")
    op.create_index(op.f("ix_cases_day_id"), "cases", ["report_day", "id"], unique=False)
    op.create_index(op.f("ix_cases_case_id_prefix"), "cases", ["case_id"], unique=False,
                    postgresql_ops={"case_id": "text_pattern_ops"})


def downgrade() -> None:
    op.drop_index(op.f("ix_cases_case_id_prefix"), table_name="cases")
    op.drop_index(op.f("ix_cases_day_id"), table_name="cases")
    op.drop_table("case_province_days")
