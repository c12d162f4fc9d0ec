"""Migration 0007 moves an existing database to the province keys: on SQLite and PostgreSQL, a
database at 0006 holding the demo's data has, after the upgrade, the same rows and the same
reports, and new rows number on from the old ids."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, func, insert, select, text

from episurv import models_registry  # noqa: F401
from episurv.accounts.audit import verify
from episurv.accounts.audit_guard import guard, unguard
from episurv.db import Base, get_engine, session_scope
from episurv.migrations import alembic_config, upgrade

sys.path.insert(0, str(Path(__file__).parent / "reporting"))
from pg_for_tests import blank_database
from test_demo_reports_unchanged import demo_reports

# The newest migration: 0007 and the ones after it run on the old database.
HEAD = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


# One build of the demo for this test and the other migration tests of the same demo.
pytestmark = pytest.mark.xdist_group("demo_400_2021")


@pytest.fixture
def two_databases(db, demo_builds, tmp_path):
    """(the demo at head, a database nothing was written to, on the same store). The demo is
    the tests' copy of one build (tests/demo_builds.py): only read here, it is the source of
    the old database's rows and of the reports they must give again."""
    demo_builds(400, 2021, db)
    store = "sqlite" if db.startswith("sqlite") else "postgresql"
    with blank_database(store, tmp_path, "episurv_mig") as old:
        yield db, old


def _copy(source: str, target: str) -> dict[str, int]:
    """Every row of `source` into `target` (the columns the older schema has); row counts."""
    old = MetaData()
    target_engine = get_engine(target)
    old.reflect(target_engine)
    counts = {}
    with get_engine(source).connect() as src, target_engine.begin() as dst:
        dialect = dst.dialect.name
        for statement in unguard(dialect):
            dst.execute(text(statement))
        for table in Base.metadata.sorted_tables:
            # The old database keeps its own secrets, as an installation at 0006 has them.
            if table.name not in old.tables or table.name in ("alembic_version", "app_secrets"):
                continue
            columns = [c for c in old.tables[table.name].columns]
            # In key order: an F2 refers to its F1, which was written before it.
            rows = [dict(r._mapping) for r in src.execute(
                select(*[table.c[c.name] for c in columns]).order_by(*table.primary_key))]
            dst.execute(old.tables[table.name].delete())
            if rows:
                dst.execute(insert(old.tables[table.name]), rows)
                if dialect == "postgresql" and "id" in old.tables[table.name].c:
                    # As the rows had been written there: the id sequence past the copied ids.
                    dst.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', "
                                     f"'id'), (SELECT MAX(id) FROM {table.name}))"))
            counts[table.name] = len(rows)
        for statement in guard(dialect):
            dst.execute(text(statement))
    return counts


def test_an_existing_database_moves_to_the_new_keys_unchanged(two_databases, monkeypatch):
    head, old = two_databases
    upgrade(old, "0006")
    counts = _copy(head, old)
    assert counts["cases"] == 400
    assert counts["audit_log"] >= 400 and counts["case_daily_counts"] > 0

    upgrade(old)

    with get_engine(old).connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
        after = {name: conn.execute(select(func.count()).select_from(
            Base.metadata.tables[name])).scalar() for name in counts}
        largest = conn.execute(text("SELECT MAX(id) FROM cases")).scalar()
    assert after == counts
    with session_scope(old) as session:
        assert verify(session) == {"entries": counts["audit_log"], "ok": True, "first_bad": None}
    assert demo_reports(old) == demo_reports(head)

    # New cases number on from the old ids, and a code of another province is a new record.
    monkeypatch.setenv("EPISURV_DATABASE_URL", old)
    from episurv.accounts.scope import SYSTEM
    from episurv.cases.service import save_case

    with session_scope(old) as session:
        first = session.execute(text("SELECT case_id FROM cases ORDER BY id LIMIT 1")).scalar()
        save_case(session, {"case_id": first, "report_date": "2021-11-20",
                            "province": "Bắc Ninh", "district": "Từ Sơn"},
                  scope=SYSTEM, must_be_new=True)
    with get_engine(old).connect() as conn:
        rows = conn.execute(text("SELECT province_code, id FROM cases WHERE case_id = :c "
                                 "ORDER BY id"), {"c": first}).all()
    assert [r[0] for r in rows] == [1, 27]
    assert rows[1][1] == largest + 1
