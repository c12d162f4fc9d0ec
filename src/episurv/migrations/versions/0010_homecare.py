"""care at home: stations, households and people, assessments, check-ins, alerts, tests,
releases, medicine dispensed (every key starts with the province)

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29
"""
import sqlalchemy as sa
from alembic import op

# Tables keyed (province_code, id): PostgreSQL numbers their ids from these sequences
# (homecare/models.py NextId); SQLite takes max(id) + 1 inside the INSERT.
NUMBERED = ("homecare_stations", "homecare_station_log", "homecare_households", "homecare_people",
            "homecare_assessments", "homecare_checkins", "homecare_alerts", "homecare_tests",
            "homecare_releases", "homecare_dispensings")

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in NUMBERED:
            op.execute(f"CREATE SEQUENCE {table}_id_seq")
    op.create_table('homecare_stations',
    sa.Column('province_code', sa.Integer(), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
    sa.Column('district_code', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('province_code', 'id', name=op.f('pk_homecare_stations')),
    sa.UniqueConstraint('province_code', 'name', name=op.f('uq_homecare_stations_province_code'))
    )
    op.create_table('homecare_households',
    sa.Column('province_code', sa.Integer(), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
    sa.Column('station_id', sa.BigInteger(), nullable=False),
    sa.Column('district_code', sa.Integer(), nullable=False),
    sa.Column('ward_code', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['province_code', 'station_id'], ['homecare_stations.province_code', 'homecare_stations.id'], name=op.f('fk_homecare_households_province_code_homecare_stations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('province_code', 'id', name=op.f('pk_homecare_households')),
    sa.UniqueConstraint('province_code', 'station_id', 'code', name=op.f('uq_homecare_households_province_code'))
    )
    op.create_table('homecare_station_log',
    sa.Column('province_code', sa.Integer(), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
    sa.Column('station_id', sa.BigInteger(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('task', sa.String(length=16), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=True),
    sa.Column('by', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['province_code', 'station_id'], ['homecare_stations.province_code', 'homecare_stations.id'], name=op.f('fk_homecare_station_log_province_code_homecare_stations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('province_code', 'id', name=op.f('pk_homecare_station_log'))
    )
    with op.batch_alter_table('homecare_station_log', schema=None) as batch_op:
        batch_op.create_index('ix_homecare_station_log_day', ['province_code', 'station_id', 'day'], unique=False)

    op.create_table('homecare_station_staff',
    sa.Column('province_code', sa.Integer(), nullable=False),
    sa.Column('station_id', sa.BigInteger(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['province_code', 'station_id'], ['homecare_stations.province_code', 'homecare_stations.id'], name=op.f('fk_homecare_station_staff_province_code_homecare_stations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_homecare_station_staff_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('province_code', 'station_id', 'user_id', name=op.f('pk_homecare_station_staff'))
    )
    op.create_table('homecare_station_wards',
    sa.Column('province_code', sa.Integer(), nullable=False),
    sa.Column('station_id', sa.BigInteger(), nullable=False),
    sa.Column('ward_code', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['province_code', 'station_id'], ['homecare_stations.province_code', 'homecare_stations.id'], name=op.f('fk_homecare_station_wards_province_code_homecare_stations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('province_code', 'station_id', 'ward_code', name=op.f('pk_homecare_station_wards'))
    )
    op.create_table('homecare_people',
    sa.Column('province_code', sa.Integer(), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
    sa.Column('household_id', sa.BigInteger(), nullable=False),
    sa.Column('district_code', sa.Integer(), nullable=False),
    sa.Column('ward_code', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('birth_year', sa.SmallInteger(), nullable=True),
    sa.Column('sex', sa.String(length=1), nullable=True),
    sa.Column('role', sa.String(length=6), nullable=False),
    sa.Column('case_province_code', sa.Integer(), nullable=True),
    sa.Column('case_id', sa.String(length=64), nullable=True),
    sa.Column('contact_code', sa.String(length=64), nullable=True),
    sa.Column('chronic', sa.Boolean(), nullable=False),
    sa.Column('pregnant', sa.Boolean(), nullable=False),
    sa.Column('breastfeeding', sa.Boolean(), nullable=False),
    sa.Column('liver_disease', sa.Boolean(), nullable=False),
    sa.Column('kidney_disease', sa.Boolean(), nullable=False),
    sa.Column('gastric_disease', sa.Boolean(), nullable=False),
    sa.Column('bleeding_risk', sa.Boolean(), nullable=False),
    sa.Column('vaccine_doses', sa.SmallInteger(), nullable=False),
    sa.Column('care_status', sa.String(length=12), nullable=False),
    sa.Column('care_start', sa.Date(), nullable=True),
    sa.Column('care_end', sa.Date(), nullable=True),
    sa.Column('last_checkin_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_colour', sa.String(length=6), nullable=True),
    sa.Column('token_hash', sa.String(length=64), nullable=True),
    sa.Column('token_expires', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['province_code', 'household_id'], ['homecare_households.province_code', 'homecare_households.id'], name=op.f('fk_homecare_people_province_code_homecare_households'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('province_code', 'id', name=op.f('pk_homecare_people')),
    sa.UniqueConstraint('province_code', 'token_hash', name=op.f('uq_homecare_people_province_code'))
    )
    with op.batch_alter_table('homecare_people', schema=None) as batch_op:
        batch_op.create_index('ix_homecare_people_household', ['province_code', 'household_id'], unique=False)
        batch_op.create_index('ix_homecare_people_ward_care', ['province_code', 'ward_code', 'care_status'], unique=False)

    op.create_table('homecare_alerts',
    sa.Column('province_code', sa.Integer(), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
    sa.Column('person_id', sa.BigInteger(), nullable=False),
    sa.Column('checkin_id', sa.BigInteger(), nullable=False),
    sa.Column('colour', sa.String(length=6), nullable=False),
    sa.Column('reasons', sa.Text(), nullable=False),
    sa.Column('raised_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolution', sa.String(length=300), nullable=True),
    sa.Column('resolved_by', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['province_code', 'person_id'], ['homecare_people.province_code', 'homecare_people.id'], name=op.f('fk_homecare_alerts_province_code_homecare_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('province_code', 'id', name=op.f('pk_homecare_alerts'))
    )
    with op.batch_alter_table('homecare_alerts', schema=None) as batch_op:
        batch_op.create_index('ix_homecare_alerts_open', ['province_code', 'resolved_at', 'person_id'], unique=False)

    op.create_table('homecare_assessments',
    sa.Column('province_code', sa.Integer(), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
    sa.Column('person_id', sa.BigInteger(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('policy', sa.String(length=40), nullable=False),
    sa.Column('eligible', sa.Boolean(), nullable=False),
    sa.Column('criteria', sa.Text(), nullable=False),
    sa.Column('by', sa.String(length=200), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['province_code', 'person_id'], ['homecare_people.province_code', 'homecare_people.id'], name=op.f('fk_homecare_assessments_province_code_homecare_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('province_code', 'id', name=op.f('pk_homecare_assessments'))
    )
    op.create_table('homecare_checkins',
    sa.Column('province_code', sa.Integer(), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
    sa.Column('person_id', sa.BigInteger(), nullable=False),
    sa.Column('client_id', sa.String(length=36), nullable=False),
    sa.Column('measured_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resp_rate', sa.SmallInteger(), nullable=True),
    sa.Column('pulse', sa.SmallInteger(), nullable=True),
    sa.Column('temperature', sa.Float(), nullable=True),
    sa.Column('spo2', sa.SmallInteger(), nullable=True),
    sa.Column('spo2_recheck', sa.SmallInteger(), nullable=True),
    sa.Column('systolic', sa.SmallInteger(), nullable=True),
    sa.Column('diastolic', sa.SmallInteger(), nullable=True),
    sa.Column('symptoms', sa.String(length=300), nullable=False),
    sa.Column('colour', sa.String(length=6), nullable=False),
    sa.Column('reasons', sa.Text(), nullable=False),
    sa.Column('policy', sa.String(length=40), nullable=False),
    sa.Column('source', sa.String(length=6), nullable=False),
    sa.Column('by', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['province_code', 'person_id'], ['homecare_people.province_code', 'homecare_people.id'], name=op.f('fk_homecare_checkins_province_code_homecare_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('province_code', 'id', name=op.f('pk_homecare_checkins')),
    sa.UniqueConstraint('province_code', 'person_id', 'client_id', name=op.f('uq_homecare_checkins_province_code'))
    )
    with op.batch_alter_table('homecare_checkins', schema=None) as batch_op:
        batch_op.create_index('ix_homecare_checkins_person_at', ['province_code', 'person_id', 'measured_at'], unique=False)

    op.create_table('homecare_dispensings',
    sa.Column('province_code', sa.Integer(), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
    sa.Column('person_id', sa.BigInteger(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('package', sa.String(length=4), nullable=False),
    sa.Column('doctor_order', sa.String(length=100), nullable=True),
    sa.Column('by', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['province_code', 'person_id'], ['homecare_people.province_code', 'homecare_people.id'], name=op.f('fk_homecare_dispensings_province_code_homecare_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('province_code', 'id', name=op.f('pk_homecare_dispensings'))
    )
    op.create_table('homecare_releases',
    sa.Column('province_code', sa.Integer(), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
    sa.Column('person_id', sa.BigInteger(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('policy', sa.String(length=60), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.Column('by', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['province_code', 'person_id'], ['homecare_people.province_code', 'homecare_people.id'], name=op.f('fk_homecare_releases_province_code_homecare_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('province_code', 'id', name=op.f('pk_homecare_releases')),
    sa.UniqueConstraint('province_code', 'person_id', name=op.f('uq_homecare_releases_province_code'))
    )
    op.create_table('homecare_tests',
    sa.Column('province_code', sa.Integer(), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
    sa.Column('person_id', sa.BigInteger(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('result', sa.String(length=10), nullable=False),
    sa.Column('supervised', sa.Boolean(), nullable=False),
    sa.Column('by', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['province_code', 'person_id'], ['homecare_people.province_code', 'homecare_people.id'], name=op.f('fk_homecare_tests_province_code_homecare_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('province_code', 'id', name=op.f('pk_homecare_tests'))
    )
    if op.get_bind().dialect.name == "postgresql":
        # Owned by their column, so that a copy or restore finds them (pg_get_serial_sequence)
        # and moves them past the copied ids.
        for table in NUMBERED:
            op.execute(f"ALTER SEQUENCE {table}_id_seq OWNED BY {table}.id")


def downgrade() -> None:
    op.drop_table('homecare_tests')
    op.drop_table('homecare_releases')
    op.drop_table('homecare_dispensings')
    with op.batch_alter_table('homecare_checkins', schema=None) as batch_op:
        batch_op.drop_index('ix_homecare_checkins_person_at')

    op.drop_table('homecare_checkins')
    op.drop_table('homecare_assessments')
    with op.batch_alter_table('homecare_alerts', schema=None) as batch_op:
        batch_op.drop_index('ix_homecare_alerts_open')

    op.drop_table('homecare_alerts')
    with op.batch_alter_table('homecare_people', schema=None) as batch_op:
        batch_op.drop_index('ix_homecare_people_ward_care')
        batch_op.drop_index('ix_homecare_people_household')

    op.drop_table('homecare_people')
    op.drop_table('homecare_station_wards')
    op.drop_table('homecare_station_staff')
    with op.batch_alter_table('homecare_station_log', schema=None) as batch_op:
        batch_op.drop_index('ix_homecare_station_log_day')

    op.drop_table('homecare_station_log')
    op.drop_table('homecare_households')
    op.drop_table('homecare_stations')
    if op.get_bind().dialect.name == "postgresql":
        for table in NUMBERED:
            op.execute(f"DROP SEQUENCE {table}_id_seq")
