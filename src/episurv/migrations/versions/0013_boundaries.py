"""unit boundaries imported from a GeoJSON or TopoJSON file, for the choropleth maps

Revision ID: 0013
Revises: 0011
Create Date: 2026-11-29
"""
import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "unit_boundaries",
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("code", sa.Integer(), nullable=False),
        sa.Column("province_code", sa.Integer(), nullable=False),
        sa.Column("name_in_file", sa.String(length=200), nullable=False),
        sa.Column("geometry", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("level", "code", name=op.f("pk_unit_boundaries")),
    )
    op.create_index(op.f("ix_unit_boundaries_province_code"), "unit_boundaries",
                    ["province_code"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_unit_boundaries_province_code"), table_name="unit_boundaries")
    op.drop_table("unit_boundaries")
