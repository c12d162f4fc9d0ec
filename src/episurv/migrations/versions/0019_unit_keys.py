"""foreign keys from every column that names an administrative unit to the unit tables

`admin_units` is keyed by (level, code) and a code repeats across levels (province 1 Hà Nội,
district 1 Ba Đình, ward 1 Phúc Xá), so a column holding one code cannot refer to it. Three key
tables, one per level, hold the codes of that level: `provinces`, `districts`, `wards`, each
keyed by `code`, each row itself referring to its unit in `admin_units` through a constant level
column (a CHECK keeps it that level). A unit column refers to its level's key table; a pair
(level, code) refers to `admin_units` itself. Counts and submitted figures keep district 0 for
"no district" inside their primary keys, so only their province refers (docs/scaling.md).

An existing database is checked first: a unit column holding a code no unit of its level
carries stops the upgrade with the table, column and codes named, and nothing is changed.

SQLite rebuilds the referring tables (batch mode); PostgreSQL adds the keys in place, to
partitioned tables as well (their partitions inherit them).

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-29
"""
import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

# Frozen here (a migration does not follow later code). Each key table and its level.
KEY_TABLES = (("provinces", "province"), ("districts", "district"), ("wards", "ward"))
LEVEL_TABLE = {level: table for table, level in KEY_TABLES}
P, D, W = "province_code", "district_code", "ward_code"
# table -> its unit columns and their level. A province is left out where the table's foreign
# key to its parent row already carries it (contact_tests, exposure_notices, homecare rows...);
# district 0 of the counts and submitted figures is "no district", no unit.
UNIT_COLUMNS = {
    "cases": ((P, "province"), (D, "district"), (W, "ward")),
    "case_daily_counts": ((P, "province"),),
    "case_onset_counts": ((P, "province"),),
    "contacts": ((P, "province"), (D, "district"), (W, "ward")),
    "case_visits": ((P, "province"), (D, "district"), (W, "ward")),
    "exposure_notices": ((D, "district"), (W, "ward")),
    "clusters": ((P, "province"), (D, "district"), (W, "ward")),
    "cluster_suggestions": ((P, "province"), (D, "district"), (W, "ward")),
    "aggregate_submissions": ((P, "province"),),
    "aggregate_days": ((P, "province"),),
    "homecare_stations": ((P, "province"), (D, "district")),
    "homecare_station_wards": ((W, "ward"),),
    "homecare_households": ((D, "district"), (W, "ward")),
    "homecare_people": ((D, "district"), (W, "ward")),
    "users": ((P, "province"), (D, "district")),
    "user_wards": ((W, "ward"),),
    "level_coverage": ((P, "province"),),
    "level_capacity": ((P, "province"),),
    "level_decisions": ((P, "province"),),
    "level_policy_adjustments": ((P, "province"),),
    "unit_boundaries": ((P, "province"),),
}
# table -> its (level column, code column) naming a unit of any level: refers to admin_units.
UNIT_PAIRS = {
    "level_coverage": ("unit_level", "unit_code"),
    "level_capacity": ("unit_level", "unit_code"),
    "level_decisions": ("unit_level", "unit_code"),
    "unit_boundaries": ("level", "code"),
}
# A care status outside home care's vocabulary (homecare.models.CARE_STATUSES) is refused; the
# table is rebuilt for its keys on SQLite anyway.
CARE_STATUSES = ("none", "home", "transfer", "transferred", "released", "died")
# SQLite's batch rebuild would not keep this partial index's WHERE: made again after it.
PARTIAL = {"aggregate_days": ("uq_aggregate_days_current", ["province_code", "district_code",
                                                            "day"], "valid_to IS NULL")}


class UnknownUnits(RuntimeError):
    """Rows naming a unit no unit of its level carries: the upgrade stops before any change."""


def _fk_name(table: str, column: str, referred: str) -> str:
    return f"fk_{table}_{column}_{referred}"


def upgrade() -> None:
    _check_units()
    for table, level in KEY_TABLES:
        op.create_table(
            table,
            sa.Column("code", sa.Integer(), autoincrement=False, nullable=False),
            sa.Column("level", sa.String(length=10), server_default=level, nullable=False),
            sa.CheckConstraint(f"level = '{level}'", name=op.f(f"ck_{table}_level")),
            sa.ForeignKeyConstraint(["level", "code"], ["admin_units.level", "admin_units.code"],
                                    name=op.f(f"fk_{table}_level_admin_units")),
            sa.PrimaryKeyConstraint("code", name=op.f(f"pk_{table}")),
        )
        op.execute(f"INSERT INTO {table} (code, level) SELECT code, level FROM admin_units "
                   f"WHERE level = '{level}'")
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in _tables():
        if sqlite and table in PARTIAL:
            op.drop_index(PARTIAL[table][0], table_name=table)
        with op.batch_alter_table(table) as batch:
            for column, level in UNIT_COLUMNS.get(table, ()):
                referred = LEVEL_TABLE[level]
                batch.create_foreign_key(op.f(_fk_name(table, column, referred)), referred,
                                         [column], ["code"])
            if table in UNIT_PAIRS:
                level_column, code_column = UNIT_PAIRS[table]
                batch.create_foreign_key(op.f(_fk_name(table, level_column, "admin_units")),
                                         "admin_units", [level_column, code_column],
                                         ["level", "code"])
            if table == "homecare_people":
                batch.create_check_constraint(
                    op.f("ck_homecare_people_care_status"),
                    f"care_status IN ({', '.join(repr(s) for s in CARE_STATUSES)})")
        if sqlite and table in PARTIAL:
            name, columns, where = PARTIAL[table]
            op.create_index(name, table, columns, unique=True, sqlite_where=sa.text(where))
    if sqlite:
        broken = op.get_bind().exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"rows whose key has no parent after the rebuild: {broken[:5]}")


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in _tables():
        if sqlite and table in PARTIAL:
            op.drop_index(PARTIAL[table][0], table_name=table)
        with op.batch_alter_table(table) as batch:
            for column, level in UNIT_COLUMNS.get(table, ()):
                batch.drop_constraint(op.f(_fk_name(table, column, LEVEL_TABLE[level])),
                                      type_="foreignkey")
            if table in UNIT_PAIRS:
                batch.drop_constraint(op.f(_fk_name(table, UNIT_PAIRS[table][0], "admin_units")),
                                      type_="foreignkey")
            if table == "homecare_people":
                batch.drop_constraint(op.f("ck_homecare_people_care_status"), type_="check")
        if sqlite and table in PARTIAL:
            name, columns, where = PARTIAL[table]
            op.create_index(name, table, columns, unique=True, sqlite_where=sa.text(where))
    for table, _level in reversed(KEY_TABLES):
        op.drop_table(table)


def _tables() -> list[str]:
    return list(dict.fromkeys([*UNIT_COLUMNS, *UNIT_PAIRS]))


def _check_units() -> None:
    """Every unit code the data holds must be a unit of its level: otherwise name them all
    (first codes of each column) and stop, so the operator corrects those rows or loads the
    units (`episurv init`), rather than the upgrade dropping or keeping rows silently."""
    conn = op.get_bind()
    problems = []
    for table, columns in UNIT_COLUMNS.items():
        for column, level in columns:
            rows = conn.execute(sa.text(
                f"SELECT {column}, count(*) FROM {table} WHERE {column} IS NOT NULL AND "
                f"{column} NOT IN (SELECT code FROM admin_units WHERE level = :level) "
                f"GROUP BY {column} ORDER BY {column}"), {"level": level}).all()
            if rows:
                problems.append(_problem(table, column, f"no {level} has", rows))
    for table, (level_column, code_column) in UNIT_PAIRS.items():
        rows = conn.execute(sa.text(
            f"SELECT {level_column} || ' ' || {code_column}, count(*) FROM {table} t WHERE NOT "
            f"EXISTS (SELECT 1 FROM admin_units u WHERE u.level = t.{level_column} AND "
            f"u.code = t.{code_column}) GROUP BY {level_column}, {code_column} "
            f"ORDER BY {level_column}, {code_column}")).all()
        if rows:
            problems.append(_problem(table, f"({level_column}, {code_column})", "no unit has",
                                     rows))
    if problems:
        raise UnknownUnits("migration 0019 stopped, nothing changed: " + "; ".join(problems)
                           + ". Load the units (episurv init) or correct these rows, "
                           "then upgrade again.")


def _problem(table: str, column: str, what: str, rows: list) -> str:
    shown = ", ".join(f"{code} ({n} rows)" for code, n in rows[:10])
    more = f" and {len(rows) - 10} more" if len(rows) > 10 else ""
    return f"{table}.{column} holds codes {what}: {shown}{more}"
