"""the large tables partitioned by province on PostgreSQL (LIST (province_code))

The tables keyed by province (docs/scaling.md) become partitioned tables with a partition for
Hà Nội, one for Ho Chi Minh City and a default one for every other province; their rows,
keys, indexes, checks, foreign keys, identities and sequences move with them under the same
names. PostgreSQL cannot turn a table into a partitioned one in place, so each table is rebuilt:
its names are set aside, the partitioned table is created like it, the rows are copied, and the
old table is dropped. On SQLite nothing changes.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-29
"""
from alembic import op
from sqlalchemy import text

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

# Frozen here (a migration does not follow later code): episurv.models_registry.PROVINCE_TABLES
# and the home care check-ins, parents before children.
TABLES = ("cases", "case_daily_counts", "case_onset_counts", "contacts", "contact_tests",
          "contact_checks", "case_visits", "exposure_notices", "exposure_declarations",
          "cluster_links", "homecare_checkins")
# The provinces with a partition of their own: the two largest outbreaks of 2021. docs/scaling.md
# shows how to give another province its own.
OWN_PARTITIONS = {"p01": 1, "p79": 79}
SET_ASIDE = "_unpartitioned"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _rebuild(partitioned=True)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _rebuild(partitioned=False)


def _rebuild(*, partitioned: bool) -> None:
    conn = op.get_bind()
    tables = [t for t in TABLES if _kind(conn, t) == ("r" if partitioned else "p")]
    if not tables:
        return
    # Foreign keys into or out of a rebuilt table are dropped first and made again at the end.
    foreign = conn.execute(text(
        "SELECT c.conname, c.conrelid::regclass::text, pg_get_constraintdef(c.oid) "
        "FROM pg_constraint c WHERE c.contype = 'f' AND c.conparentid = 0 AND c.connamespace = "
        "current_schema()::regnamespace AND (c.conrelid::regclass::text = ANY(:t) "
        "OR c.confrelid::regclass::text = ANY(:t)) ORDER BY c.conname"),
        {"t": tables}).all()
    for name, table, _definition in foreign:
        conn.execute(text(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"'))
    for table in tables:
        _rebuild_table(conn, table, partitioned)
    for name, table, definition in foreign:
        conn.execute(text(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'))


def _kind(conn, table: str) -> str | None:
    return conn.execute(text(
        "SELECT relkind FROM pg_class WHERE relname = :t AND relnamespace = "
        "current_schema()::regnamespace"), {"t": table}).scalar()


def _rebuild_table(conn, table: str, partitioned: bool) -> None:
    old = table + SET_ASIDE
    constraints = conn.execute(text(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = "
        "CAST(:t AS regclass) AND contype IN ('p', 'u', 'c') ORDER BY contype DESC, conname"),
        {"t": table}).all()
    indexes = conn.execute(text(
        "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
        "JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = CAST(:t AS regclass) "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid) "
        "ORDER BY i.relname"), {"t": table}).all()
    # Sequences a column owns (home care numbers its ids from one): they go with the column.
    owned = conn.execute(text(
        "SELECT s.relname, a.attname FROM pg_depend d JOIN pg_class s ON s.oid = d.objid "
        "JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid "
        "WHERE d.refobjid = CAST(:t AS regclass) AND d.deptype = 'a' AND s.relkind = 'S'"),
        {"t": table}).all()
    identity = conn.execute(text(
        "SELECT attname FROM pg_attribute WHERE attrelid = CAST(:t AS regclass) "
        "AND attidentity <> '' AND NOT attisdropped"), {"t": table}).scalars().all()
    # Partitions of a partitioned table (on the way down) go with it.
    partitions = conn.execute(text(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "WHERE i.inhparent = CAST(:t AS regclass)"), {"t": table}).scalars().all()

    conn.execute(text(f"ALTER TABLE {table} RENAME TO {old}"))
    for name, _definition in constraints:
        conn.execute(text(f'ALTER TABLE {old} RENAME CONSTRAINT "{name}" TO "{name}{SET_ASIDE}"'))
    for name, _definition in indexes:
        conn.execute(text(f'ALTER INDEX "{name}" RENAME TO "{name}{SET_ASIDE}"'))
    for partition in partitions:
        conn.execute(text(f"ALTER TABLE {partition} RENAME TO {partition}{SET_ASIDE}"))

    tail = " PARTITION BY LIST (province_code)" if partitioned else ""
    conn.execute(text(f"CREATE TABLE {table} (LIKE {old} INCLUDING DEFAULTS INCLUDING IDENTITY "
                      f"INCLUDING GENERATED INCLUDING STORAGE INCLUDING COMMENTS){tail}"))
    for name, definition in constraints:
        conn.execute(text(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'))
    for _name, definition in indexes:
        # Read before the renaming: its name and table are those of the rebuilt table.
        conn.execute(text(definition))
    if partitioned:
        for suffix, province in OWN_PARTITIONS.items():
            conn.execute(text(f"CREATE TABLE {table}_{suffix} PARTITION OF {table} "
                              f"FOR VALUES IN ({province})"))
        conn.execute(text(f"CREATE TABLE {table}_rest PARTITION OF {table} DEFAULT"))
    columns = ", ".join(f'"{c}"' for c in conn.execute(text(
        "SELECT attname FROM pg_attribute WHERE attrelid = CAST(:t AS regclass) AND attnum > 0 "
        "AND NOT attisdropped ORDER BY attnum"), {"t": table}).scalars())
    overriding = " OVERRIDING SYSTEM VALUE" if identity else ""
    conn.execute(text(f"INSERT INTO {table} ({columns}){overriding} "
                      f"SELECT {columns} FROM {old}"))
    for sequence, column in owned:
        conn.execute(text(f'ALTER SEQUENCE "{sequence}" OWNED BY {table}."{column}"'))
    conn.execute(text(f"DROP TABLE {old} CASCADE"))
    for column in identity:
        # The identity's sequence was made while the old one held its name: give it back.
        sequence = conn.execute(text("SELECT pg_get_serial_sequence(:t, :c)"),
                                {"t": table, "c": column}).scalar()
        conn.execute(text(f"ALTER SEQUENCE {sequence} RENAME TO {table}_{column}_seq"))
        top = conn.execute(text(f'SELECT max("{column}") FROM {table}')).scalar()
        if top is not None:
            conn.execute(text(f'ALTER TABLE {table} ALTER COLUMN "{column}" '
                              f"RESTART WITH {top + 1}"))
