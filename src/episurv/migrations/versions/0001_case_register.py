"""case register: units, clusters, cases, daily counts

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""
import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('admin_units',
    sa.Column('level', sa.String(length=10), nullable=False),
    sa.Column('code', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('short_name', sa.String(length=120), nullable=False),
    sa.Column('division_type', sa.String(length=40), nullable=False),
    sa.Column('parent_code', sa.Integer(), nullable=True),
    sa.Column('province_code', sa.Integer(), nullable=False),
    sa.Column('population', sa.Integer(), nullable=True),
    sa.Column('population_source', sa.String(length=200), nullable=True),
    sa.PrimaryKeyConstraint('level', 'code', name=op.f('pk_admin_units'))
    )
    with op.batch_alter_table('admin_units', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_admin_units_province_code'), ['province_code'], unique=False)

    op.create_table('case_daily_counts',
    sa.Column('province_code', sa.Integer(), nullable=False),
    sa.Column('report_day', sa.Date(), nullable=False),
    sa.Column('district_code', sa.Integer(), nullable=False),
    sa.Column('detected_in', sa.String(length=12), nullable=False),
    sa.Column('source', sa.String(length=12), nullable=False),
    sa.Column('cluster_id', sa.Integer(), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('province_code', 'report_day', 'district_code', 'detected_in', 'source', 'cluster_id', name=op.f('pk_case_daily_counts'))
    )
    op.create_table('clusters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('province_code', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_key', sa.String(length=200), nullable=False),
    sa.Column('district_code', sa.Integer(), nullable=True),
    sa.Column('ward_code', sa.Integer(), nullable=True),
    sa.Column('address', sa.String(length=300), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clusters')),
    sa.UniqueConstraint('province_code', 'name_key', name=op.f('uq_clusters_province_code'))
    )
    op.create_table('cases',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('case_id', sa.String(length=64), nullable=False),
    sa.Column('province_code', sa.Integer(), nullable=False),
    sa.Column('district_code', sa.Integer(), nullable=True),
    sa.Column('ward_code', sa.Integer(), nullable=True),
    sa.Column('report_date', sa.Date(), nullable=False),
    sa.Column('report_time', sa.Time(), nullable=True),
    sa.Column('report_day', sa.Date(), nullable=False),
    sa.Column('detected_in', sa.String(length=12), nullable=False),
    sa.Column('source', sa.String(length=12), nullable=False),
    sa.Column('cluster_id', sa.Integer(), nullable=True),
    sa.Column('age', sa.SmallInteger(), nullable=True),
    sa.Column('sex', sa.String(length=1), nullable=True),
    sa.Column('onset_date', sa.Date(), nullable=True),
    sa.Column('sample_date', sa.Date(), nullable=True),
    sa.Column('vaccine_doses', sa.SmallInteger(), nullable=True),
    sa.Column('severity', sa.String(length=12), nullable=True),
    sa.Column('outcome', sa.String(length=10), nullable=False),
    sa.Column('outcome_date', sa.Date(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('address', sa.String(length=300), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.ForeignKeyConstraint(['cluster_id'], ['clusters.id'], name=op.f('fk_cases_cluster_id_clusters')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cases')),
    sa.UniqueConstraint('case_id', name=op.f('uq_cases_case_id'))
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index('ix_cases_cluster', ['cluster_id'], unique=False)
        batch_op.create_index('ix_cases_province_day', ['province_code', 'report_day'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_province_day')
        batch_op.drop_index('ix_cases_cluster')

    op.drop_table('cases')
    op.drop_table('clusters')
    op.drop_table('case_daily_counts')
    with op.batch_alter_table('admin_units', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_admin_units_province_code'))

    op.drop_table('admin_units')
