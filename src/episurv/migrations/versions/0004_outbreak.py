"""outbreak investigation: cluster links and suggestions, contacts, visits, exposure notices

Revision ID: 0004
Revises: 0002
Create Date: 2026-11-21
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0002'
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    with op.batch_alter_table('clusters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reopened_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('reopened_by', sa.String(length=200), nullable=True))

    op.create_table('cluster_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', BigId, nullable=False),
    sa.Column('cluster_id', sa.Integer(), nullable=False),
    sa.Column('province_code', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.DateTime(timezone=True), nullable=True),
    sa.Column('valid_to', sa.DateTime(timezone=True), nullable=True),
    sa.Column('linked_by', sa.String(length=200), nullable=False),
    sa.Column('unlinked_by', sa.String(length=200), nullable=True),
    sa.Column('reason', sa.String(length=300), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_cluster_links_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['cluster_id'], ['clusters.id'], name=op.f('fk_cluster_links_cluster_id_clusters')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cluster_links'))
    )
    with op.batch_alter_table('cluster_links', schema=None) as batch_op:
        batch_op.create_index('ix_cluster_links_case', ['case_id'], unique=False)
        batch_op.create_index('ix_cluster_links_province_to', ['province_code', 'valid_to'], unique=False)

    op.create_table('cluster_suggestions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fingerprint', sa.String(length=40), nullable=False),
    sa.Column('province_code', sa.Integer(), nullable=False),
    sa.Column('district_code', sa.Integer(), nullable=True),
    sa.Column('ward_code', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('cluster_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('cases', sa.Text(), nullable=False),
    sa.Column('group_cases', sa.Text(), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('last_day', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by', sa.String(length=200), nullable=True),
    sa.Column('reason', sa.String(length=300), nullable=True),
    sa.Column('result_cluster_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['cluster_id'], ['clusters.id'], name=op.f('fk_cluster_suggestions_cluster_id_clusters')),
    sa.ForeignKeyConstraint(['result_cluster_id'], ['clusters.id'], name=op.f('fk_cluster_suggestions_result_cluster_id_clusters')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cluster_suggestions')),
    sa.UniqueConstraint('fingerprint', name=op.f('uq_cluster_suggestions_fingerprint'))
    )
    with op.batch_alter_table('cluster_suggestions', schema=None) as batch_op:
        batch_op.create_index('ix_cluster_suggestions_province_status', ['province_code', 'status'], unique=False)

    op.create_table('contacts',
    sa.Column('id', BigId, nullable=False),
    sa.Column('contact_code', sa.String(length=64), nullable=False),
    sa.Column('level', sa.String(length=2), nullable=False),
    sa.Column('province_code', sa.Integer(), nullable=False),
    sa.Column('district_code', sa.Integer(), nullable=True),
    sa.Column('ward_code', sa.Integer(), nullable=True),
    sa.Column('team', sa.String(length=60), nullable=True),
    sa.Column('source_case_id', BigId, nullable=True),
    sa.Column('source_contact_id', BigId, nullable=True),
    sa.Column('case_id', BigId, nullable=True),
    sa.Column('exposure_date', sa.Date(), nullable=False),
    sa.Column('exposure_place', sa.String(length=200), nullable=True),
    sa.Column('relation', sa.String(length=20), nullable=False),
    sa.Column('identified_on', sa.Date(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('address', sa.String(length=300), nullable=True),
    sa.Column('age', sa.SmallInteger(), nullable=True),
    sa.Column('sex', sa.String(length=1), nullable=True),
    sa.Column('vaccine_doses', sa.SmallInteger(), nullable=True),
    sa.Column('last_dose_date', sa.Date(), nullable=True),
    sa.Column('recovered_on', sa.Date(), nullable=True),
    sa.Column('policy', sa.String(length=20), nullable=False),
    sa.Column('protected', sa.Boolean(), nullable=False),
    sa.Column('setting', sa.String(length=10), nullable=False),
    sa.Column('quarantine_start', sa.Date(), nullable=False),
    sa.Column('quarantine_end', sa.Date(), nullable=True),
    sa.Column('monitoring_end', sa.Date(), nullable=True),
    sa.Column('follow_end', sa.Date(), nullable=False),
    sa.Column('next_test_on', sa.Date(), nullable=True),
    sa.Column('last_call_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('origin', sa.String(length=16), nullable=False),
    sa.Column('flag', sa.String(length=300), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_contacts_case_id_cases')),
    sa.ForeignKeyConstraint(['source_case_id'], ['cases.id'], name=op.f('fk_contacts_source_case_id_cases')),
    sa.ForeignKeyConstraint(['source_contact_id'], ['contacts.id'], name=op.f('fk_contacts_source_contact_id_contacts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contacts')),
    sa.UniqueConstraint('contact_code', name=op.f('uq_contacts_contact_code'))
    )
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.create_index('ix_contacts_case', ['case_id'], unique=False)
        batch_op.create_index('ix_contacts_followup', ['province_code', 'follow_end', 'quarantine_start', 'quarantine_end', 'last_call_on', 'next_test_on', 'status', 'ward_code', 'team', 'id'], unique=False)
        batch_op.create_index('ix_contacts_source_case', ['source_case_id'], unique=False)
        batch_op.create_index('ix_contacts_source_contact', ['source_contact_id'], unique=False)
        batch_op.create_index('ix_contacts_ward_follow', ['ward_code', 'follow_end', 'quarantine_start', 'quarantine_end', 'last_call_on', 'next_test_on', 'status', 'team', 'province_code', 'district_code', 'id'], unique=False)

    op.create_table('contact_tests',
    sa.Column('id', BigId, nullable=False),
    sa.Column('contact_id', BigId, nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('result', sa.String(length=10), nullable=True),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_contact_tests_contact_id_contacts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact_tests')),
    sa.UniqueConstraint('contact_id', 'due_on', name=op.f('uq_contact_tests_contact_id'))
    )
    op.create_table('contact_checks',
    sa.Column('id', BigId, nullable=False),
    sa.Column('contact_id', BigId, nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=6), nullable=False),
    sa.Column('result', sa.String(length=12), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('by', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_contact_checks_contact_id_contacts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact_checks'))
    )
    with op.batch_alter_table('contact_checks', schema=None) as batch_op:
        batch_op.create_index('ix_contact_checks_contact_day', ['contact_id', 'day'], unique=False)

    op.create_table('case_visits',
    sa.Column('id', BigId, nullable=False),
    sa.Column('case_id', BigId, nullable=False),
    sa.Column('province_code', sa.Integer(), nullable=False),
    sa.Column('district_code', sa.Integer(), nullable=True),
    sa.Column('ward_code', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=True),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=True),
    sa.Column('end_time', sa.Time(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_visits_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_visits'))
    )
    with op.batch_alter_table('case_visits', schema=None) as batch_op:
        batch_op.create_index('ix_case_visits_case', ['case_id'], unique=False)
        batch_op.create_index('ix_case_visits_province_day', ['province_code', 'day'], unique=False)

    op.create_table('exposure_notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('province_code', sa.Integer(), nullable=False),
    sa.Column('district_code', sa.Integer(), nullable=True),
    sa.Column('ward_code', sa.Integer(), nullable=True),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('place_key', sa.String(length=500), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=True),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=True),
    sa.Column('end_time', sa.Time(), nullable=True),
    sa.Column('visit_id', BigId, nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_by', sa.String(length=200), nullable=False),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('withdrawn_by', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['visit_id'], ['case_visits.id'], name=op.f('fk_exposure_notices_visit_id_case_visits'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exposure_notices'))
    )
    with op.batch_alter_table('exposure_notices', schema=None) as batch_op:
        batch_op.create_index('ix_exposure_notices_province_day', ['province_code', 'day'], unique=False)

    op.create_table('exposure_declarations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('notice_id', sa.Integer(), nullable=False),
    sa.Column('contact_id', BigId, nullable=False),
    sa.Column('phone_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_exposure_declarations_contact_id_contacts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['notice_id'], ['exposure_notices.id'], name=op.f('fk_exposure_declarations_notice_id_exposure_notices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exposure_declarations')),
    sa.UniqueConstraint('notice_id', 'phone_hash', name=op.f('uq_exposure_declarations_notice_id'))
    )
    op.create_table('declaration_attempts',
    sa.Column('id', BigId, nullable=False),
    sa.Column('address_hash', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_declaration_attempts'))
    )
    with op.batch_alter_table('declaration_attempts', schema=None) as batch_op:
        batch_op.create_index('ix_declaration_attempts_address_at', ['address_hash', 'at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('declaration_attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_declaration_attempts_address_at')
    op.drop_table('declaration_attempts')
    op.drop_table('exposure_declarations')
    with op.batch_alter_table('exposure_notices', schema=None) as batch_op:
        batch_op.drop_index('ix_exposure_notices_province_day')
    op.drop_table('exposure_notices')
    with op.batch_alter_table('case_visits', schema=None) as batch_op:
        batch_op.drop_index('ix_case_visits_province_day')
        batch_op.drop_index('ix_case_visits_case')
    op.drop_table('case_visits')
    with op.batch_alter_table('contact_checks', schema=None) as batch_op:
        batch_op.drop_index('ix_contact_checks_contact_day')
    op.drop_table('contact_checks')
    op.drop_table('contact_tests')
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_index('ix_contacts_ward_follow')
        batch_op.drop_index('ix_contacts_source_contact')
        batch_op.drop_index('ix_contacts_source_case')
        batch_op.drop_index('ix_contacts_followup')
        batch_op.drop_index('ix_contacts_case')
    op.drop_table('contacts')
    with op.batch_alter_table('cluster_suggestions', schema=None) as batch_op:
        batch_op.drop_index('ix_cluster_suggestions_province_status')
    op.drop_table('cluster_suggestions')
    with op.batch_alter_table('cluster_links', schema=None) as batch_op:
        batch_op.drop_index('ix_cluster_links_province_to')
        batch_op.drop_index('ix_cluster_links_case')
    op.drop_table('cluster_links')
    with op.batch_alter_table('clusters', schema=None) as batch_op:
        batch_op.drop_column('reopened_by')
        batch_op.drop_column('reopened_on')
