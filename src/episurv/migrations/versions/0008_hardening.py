"""hardening: API tokens get a name, an expiry and a last-used time; one-time passwords must be
changed; web sessions keep their start for an absolute lifetime

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("must_change_password", sa.Boolean(), nullable=False,
                                     server_default=sa.false()))
    op.add_column("api_tokens", sa.Column("name", sa.String(length=100), nullable=False,
                                          server_default=""))
    op.add_column("api_tokens", sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("api_tokens", sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("web_sessions", sa.Column("created_at", sa.DateTime(timezone=True), nullable=True))
    # Tokens made before expiry existed get the default lifetime from now, rather than forever.
    if op.get_bind().dialect.name == "sqlite":
        op.execute("UPDATE api_tokens SET expires_at = datetime('now', '+90 days')")
    else:
        op.execute("UPDATE api_tokens SET expires_at = now() + interval '90 days'")


def downgrade() -> None:
    with op.batch_alter_table("web_sessions") as batch:
        batch.drop_column("created_at")
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_column("last_used_at")
        batch.drop_column("expires_at")
        batch.drop_column("name")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("must_change_password")
