"""province keys: the large tables keyed (province_code, id), codes unique per province, CHECK
constraints on vocabularies, the current aggregate row unique, the station-scope index; the
audit log without personal values and with a hash chain

Moves an existing database: SQLite rebuilds each table (batch mode, foreign keys off while it
does, checked after), PostgreSQL alters in place. Ids and every value are kept; the tables that
had no province take their contact's or notice's.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""
import json
import secrets

import sqlalchemy as sa
from alembic import op

from episurv.accounts.audit_guard import guard, unguard

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

CASE_VOCABULARY = {
    "detected_in": ("community", "quarantine", "lockdown"),
    "source": ("screening", "contact", "travel", "cluster", "unknown"),
    "outcome": ("active", "recovered", "died"),
    "severity": ("asymptomatic", "mild", "moderate", "severe", "critical"),
    "sex": ("M", "F"),
}
CONTACT_VOCABULARY = {
    "level": ("F1", "F2"),
    "relation": ("household", "workplace", "school", "healthcare", "social", "transport",
                 "public_place", "other"),
    "status": ("active", "declared", "case", "closed"),
    "origin": ("traced", "import", "self_declared"),
    "setting": ("home", "facility", "none"),
}

# Foreign keys onto the old single-column ids, dropped before those keys change.
OLD_FOREIGN_KEYS = {
    "contacts": ("fk_contacts_case_id_cases", "fk_contacts_source_case_id_cases",
                 "fk_contacts_source_contact_id_contacts"),
    "contact_tests": ("fk_contact_tests_contact_id_contacts",),
    "contact_checks": ("fk_contact_checks_contact_id_contacts",),
    "case_visits": ("fk_case_visits_case_id_cases",),
    "exposure_notices": ("fk_exposure_notices_visit_id_case_visits",),
    "exposure_declarations": ("fk_exposure_declarations_contact_id_contacts",
                              "fk_exposure_declarations_notice_id_exposure_notices"),
    "cluster_links": ("fk_cluster_links_case_id_cases",),
}
# (table, local column, referred table, on delete, on update) of the new composite keys.
NEW_FOREIGN_KEYS = (
    ("contacts", "case_id", "cases", None, "CASCADE"),
    ("contact_tests", "contact_id", "contacts", "CASCADE", "CASCADE"),
    ("contact_checks", "contact_id", "contacts", "CASCADE", "CASCADE"),
    ("case_visits", "case_id", "cases", "CASCADE", "CASCADE"),
    ("exposure_notices", "visit_id", "case_visits", None, None),
    ("exposure_declarations", "notice_id", "exposure_notices", None, None),
    ("exposure_declarations", "contact_id", "contacts", "CASCADE", "CASCADE"),
    ("cluster_links", "case_id", "cases", "CASCADE", "CASCADE"),
)
# Tables that had no province, and where it comes from.
PROVINCE_FROM = {
    "contact_tests": ("contacts", "contact_id"),
    "contact_checks": ("contacts", "contact_id"),
    "exposure_declarations": ("exposure_notices", "notice_id"),
}
REKEYED = ("cases", "contacts", "contact_tests", "contact_checks", "case_visits",
           "exposure_notices", "exposure_declarations", "cluster_links")
# Their ids were 32-bit; a national line list needs 64.
WIDENED = ("exposure_notices", "exposure_declarations", "cluster_links")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"

    # 1. Drop the keys onto single ids (PostgreSQL refuses to drop a key others depend on).
    for table, names in OLD_FOREIGN_KEYS.items():
        with op.batch_alter_table(table) as batch:
            for name in names:
                batch.drop_constraint(name, type_="foreignkey")

    # 2. Give the child tables their parent's province.
    for table, (parent, column) in PROVINCE_FROM.items():
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("province_code", sa.Integer(), nullable=True))
        op.execute(f"UPDATE {table} SET province_code = (SELECT p.province_code FROM {parent} p "
                   f"WHERE p.id = {table}.{column})")
        with op.batch_alter_table(table) as batch:
            batch.alter_column("province_code", existing_type=sa.Integer(), nullable=False)

    # 3. The new keys, uniques and checks, one table at a time.
    for table in REKEYED:
        if not sqlite and table in WIDENED:
            op.alter_column(table, "id", type_=sa.BigInteger(), existing_type=sa.Integer())
            if table == "exposure_declarations":
                op.alter_column(table, "notice_id", type_=sa.BigInteger(),
                                existing_type=sa.Integer())
        with op.batch_alter_table(table) as batch:
            if not sqlite:
                batch.drop_constraint(op.f(f"pk_{table}"), type_="primary")
            batch.create_primary_key(op.f(f"pk_{table}"), ["province_code", "id"])
            if table == "cases":
                batch.drop_constraint(op.f("uq_cases_case_id"), type_="unique")
                batch.create_unique_constraint(op.f("uq_cases_province_code"),
                                               ["province_code", "case_id"])
                batch.create_index(op.f("ix_cases_ward_day"), ["ward_code", "report_day"])
                for column, values in CASE_VOCABULARY.items():
                    batch.create_check_constraint(op.f(f"ck_cases_{column}"),
                                                  _one_of(column, values))
            elif table == "contacts":
                batch.drop_constraint(op.f("uq_contacts_contact_code"), type_="unique")
                batch.create_unique_constraint(op.f("uq_contacts_province_code"),
                                               ["province_code", "contact_code"])
                for column, values in CONTACT_VOCABULARY.items():
                    batch.create_check_constraint(op.f(f"ck_contacts_{column}"),
                                                  _one_of(column, values))
            elif table == "contact_tests":
                batch.drop_constraint(op.f("uq_contact_tests_contact_id"), type_="unique")
                batch.create_unique_constraint(op.f("uq_contact_tests_province_code"),
                                               ["province_code", "contact_id", "due_on"])
            elif table == "contact_checks":
                batch.create_check_constraint(op.f("ck_contact_checks_kind"),
                                              "kind IN ('call', 'test')")
            elif table == "case_visits":
                batch.create_check_constraint(
                    "ck_case_visits_kind", _one_of("kind", ("home", "workplace", "visit")))
            elif table == "exposure_declarations":
                batch.drop_constraint(op.f("uq_exposure_declarations_notice_id"),
                                      type_="unique")
                batch.create_unique_constraint(op.f("uq_exposure_declarations_province_code"),
                                               ["province_code", "notice_id", "phone_hash"])
        if not sqlite:
            # A serial id becomes an identity column, numbering on from the largest id.
            op.execute(f"ALTER TABLE {table} ALTER COLUMN id DROP DEFAULT")
            op.execute(f"DROP SEQUENCE IF EXISTS {table}_id_seq")
            op.execute(f"ALTER TABLE {table} ALTER COLUMN id ADD GENERATED BY DEFAULT AS "
                       "IDENTITY")
            op.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                       f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)")

    # 4. The composite foreign keys.
    for table, column, referred, ondelete, onupdate in NEW_FOREIGN_KEYS:
        with op.batch_alter_table(table) as batch:
            batch.create_foreign_key(
                op.f(f"fk_{table}_province_code_{referred}"), referred,
                ["province_code", column], ["province_code", "id"],
                ondelete=ondelete, onupdate=onupdate)

    with op.batch_alter_table("clusters") as batch:
        batch.create_check_constraint(
            op.f("ck_clusters_kind"), _one_of("kind", ("workplace", "market", "residential",
                                                 "hospital", "school", "other")))
    op.create_index("uq_aggregate_days_current", "aggregate_days",
                    ["province_code", "district_code", "day"], unique=True,
                    sqlite_where=sa.text("valid_to IS NULL"),
                    postgresql_where=sa.text("valid_to IS NULL"))

    _audit_without_personal_values(bind)

    if sqlite:
        broken = bind.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"rows whose key has no parent after the rebuild: {broken[:5]}")


def _audit_without_personal_values(bind) -> None:
    """The audit's one rewrite: personal values written before this revision become keyed
    hashes, and every entry gets its link of the chain. The hashing is the audit module's, so
    the entries verify by the same code that checks new ones."""
    from episurv.accounts.audit import GENESIS, entry_hash, protect

    key = secrets.token_hex(32)
    op.bulk_insert(sa.table("app_secrets", sa.column("name"), sa.column("value")),
                   [{"name": "audit_key", "value": key}])
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("chain", sa.String(length=64), nullable=True))
    dialect = bind.dialect.name
    for statement in unguard(dialect):
        op.execute(statement)
    log = sa.table("audit_log", sa.column("id"), sa.column("at", sa.DateTime(timezone=True)),
                   sa.column("actor"), sa.column("address"), sa.column("action"),
                   sa.column("entity"), sa.column("entity_id"), sa.column("province_code"),
                   sa.column("changes"), sa.column("chain"))
    previous = GENESIS
    rows = bind.execute(sa.select(log).order_by(log.c.id)).all()
    for r in rows:
        changes = json.dumps(protect(json.loads(r.changes), key), ensure_ascii=False,
                             default=str)
        previous = entry_hash(previous, r.at, r.actor, r.address, r.action, r.entity,
                              r.entity_id, r.province_code, changes)
        bind.execute(log.update().where(log.c.id == r.id).values(changes=changes,
                                                                   chain=previous))
    with op.batch_alter_table("audit_log") as batch:
        batch.alter_column("chain", existing_type=sa.String(length=64), nullable=False)
    if dialect == "sqlite":
        # The rebuild of the table dropped its triggers.
        for statement in unguard(dialect):
            op.execute(statement)
    for statement in guard(dialect):
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("0007 moves the keys one way: restore the backup taken before it")
