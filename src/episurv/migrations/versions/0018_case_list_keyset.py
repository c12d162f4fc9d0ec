"""the case list's keyset in its index: (province_code, report_day, id) in place of
(province_code, report_day), so a page of the newest cases is read in key order, never sorted
from every case of its latest day

Revision ID: 0018
Revises: 0015
Create Date: 2026-11-29
"""
from alembic import op

revision = "0018"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(op.f("ix_cases_province_day_id"), "cases",
                    ["province_code", "report_day", "id"], unique=False)
    op.drop_index(op.f("ix_cases_province_day"), table_name="cases")


def downgrade() -> None:
    op.create_index(op.f("ix_cases_province_day"), "cases", ["province_code", "report_day"],
                    unique=False)
    op.drop_index(op.f("ix_cases_province_day_id"), table_name="cases")
