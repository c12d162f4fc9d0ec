"""aggregate figures: submissions (append-only) and the versioned daily figures

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

MEASURES = ('new_cases', 'community', 'quarantine', 'imported', 'domestic', 'deaths',
            'recovered', 'severe', 'tests_samples', 'tests_people', 'doses', 'first_doses',
            'second_doses')


def upgrade() -> None:
    op.create_table('aggregate_submissions',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('province_code', sa.Integer(), nullable=False),
    sa.Column('district_code', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('measure', sa.String(length=16), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_by', sa.String(length=200), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_aggregate_submissions'))
    )
    with op.batch_alter_table('aggregate_submissions', schema=None) as batch_op:
        batch_op.create_index('ix_aggregate_submissions_key', ['province_code', 'day', 'district_code', 'measure', 'submitted_at'], unique=False)
        batch_op.create_index('ix_aggregate_submissions_at', ['submitted_at'], unique=False)

    op.create_table('aggregate_days',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('province_code', sa.Integer(), nullable=False),
    sa.Column('district_code', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('valid_from', sa.DateTime(timezone=True), nullable=False),
    sa.Column('valid_to', sa.DateTime(timezone=True), nullable=True),
    *[sa.Column(m, sa.BigInteger(), nullable=True) for m in MEASURES],
    sa.PrimaryKeyConstraint('id', name=op.f('pk_aggregate_days'))
    )
    with op.batch_alter_table('aggregate_days', schema=None) as batch_op:
        batch_op.create_index('ix_aggregate_days_current', ['valid_to', 'district_code', 'day', 'province_code'], unique=False)
        batch_op.create_index('ix_aggregate_days_key', ['province_code', 'district_code', 'day', 'valid_from'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('aggregate_days', schema=None) as batch_op:
        batch_op.drop_index('ix_aggregate_days_key')
        batch_op.drop_index('ix_aggregate_days_current')

    op.drop_table('aggregate_days')
    with op.batch_alter_table('aggregate_submissions', schema=None) as batch_op:
        batch_op.drop_index('ix_aggregate_submissions_at')
        batch_op.drop_index('ix_aggregate_submissions_key')

    op.drop_table('aggregate_submissions')
