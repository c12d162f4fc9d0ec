"""secrets of the installation (the key of self-declaration hashes), made here, never shipped

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21
"""
import secrets

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "app_secrets",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_app_secrets")),
    )
    op.bulk_insert(table, [{"name": "declaration_key", "value": secrets.token_hex(32)}])


def downgrade() -> None:
    op.drop_table("app_secrets")
