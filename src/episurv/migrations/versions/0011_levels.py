"""epidemic levels: vaccination coverage, capacity, manual decisions, policy adjustments

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29
"""
import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _unit_keys() -> list:
    return [sa.Column("province_code", sa.Integer(), nullable=False),
            sa.Column("unit_level", sa.String(length=10), nullable=False),
            sa.Column("unit_code", sa.Integer(), nullable=False),
            sa.Column("as_of", sa.Date(), nullable=False)]


def _provenance() -> list:
    return [sa.Column("source", sa.String(length=200), nullable=False),
            sa.Column("imported_by", sa.String(length=200), nullable=False),
            sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False)]


def upgrade() -> None:
    op.create_table(
        "level_coverage",
        *_unit_keys(),
        sa.Column("adult_dose1_pct", sa.Float(), nullable=True),
        sa.Column("elderly_full_pct", sa.Float(), nullable=True),
        sa.Column("population_full_pct", sa.Float(), nullable=True),
        sa.Column("high_risk_full_pct", sa.Float(), nullable=True),
        *_provenance(),
        sa.PrimaryKeyConstraint("province_code", "unit_level", "unit_code", "as_of",
                                name=op.f("pk_level_coverage")),
    )
    op.create_table(
        "level_capacity",
        *_unit_keys(),
        sa.Column("oxygen_at_station", sa.Boolean(), nullable=True),
        sa.Column("mobile_station_plan", sa.Boolean(), nullable=True),
        sa.Column("free_beds_per_100k", sa.Float(), nullable=True),
        sa.Column("icu_beds", sa.Integer(), nullable=True),
        *_provenance(),
        sa.PrimaryKeyConstraint("province_code", "unit_level", "unit_code", "as_of",
                                name=op.f("pk_level_capacity")),
    )
    op.create_table(
        "level_decisions",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("province_code", sa.Integer(), nullable=False),
        sa.Column("unit_level", sa.String(length=10), nullable=False),
        sa.Column("unit_code", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("reference", sa.String(length=300), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_level_decisions")),
    )
    op.create_index("ix_level_decisions_unit", "level_decisions",
                    ["province_code", "unit_level", "unit_code"])
    op.create_table(
        "level_policy_adjustments",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("province_code", sa.Integer(), nullable=False),
        sa.Column("policy", sa.String(length=40), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("thresholds", sa.Text(), nullable=False),
        sa.Column("aggregation", sa.String(length=20), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_level_policy_adjustments")),
    )
    op.create_index(op.f("ix_level_policy_adjustments_province_code"),
                    "level_policy_adjustments", ["province_code"])


def downgrade() -> None:
    op.drop_table("level_policy_adjustments")
    op.drop_index("ix_level_decisions_unit", table_name="level_decisions")
    op.drop_table("level_decisions")
    op.drop_table("level_capacity")
    op.drop_table("level_coverage")
