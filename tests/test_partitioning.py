"""Migration 0015 partitions the large tables by province on PostgreSQL (docs/scaling.md): a
database holding the demo at 0013 moves to partitioned tables with the same rows, the Hà Nội
rows in Hà Nội's partition, the same reports, and new rows numbered on; the downgrade moves it
back unchanged. (tests/test_migration_0007.py moves a 0006 database through it as well, and
every PostgreSQL test of the suite runs on the partitioned schema.)"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select, text
from stores import ONLY_POSTGRESQL

from episurv import models_registry  # noqa: F401
from episurv.db import Base, get_engine, session_scope
from episurv.migrations import upgrade

sys.path.insert(0, str(Path(__file__).parent / "reporting"))
from test_demo_reports_unchanged import demo_reports  # noqa: E402

PARTITIONED = ("cases", "case_daily_counts", "case_onset_counts", "contacts", "contact_tests",
               "contact_checks", "case_visits", "exposure_notices", "exposure_declarations",
               "cluster_links", "homecare_checkins")


def _kinds(url: str) -> dict[str, str]:
    with get_engine(url).connect() as conn:
        return dict(conn.execute(text(
            "SELECT relname, relkind::text FROM pg_class WHERE relname = ANY(:t) AND "
            "relnamespace = current_schema()::regnamespace"), {"t": list(PARTITIONED)}).all())


def _counts(url: str) -> dict[str, int]:
    """Rows of every table the schema has (a downgrade drops the tables of later migrations)."""
    with get_engine(url).connect() as conn:
        present = set(inspect(conn).get_table_names())
        return {t.name: conn.execute(select(func.count()).select_from(t)).scalar()
                for t in Base.metadata.sorted_tables if t.name in present}


def _alembic_downgrade(url: str, revision: str) -> None:
    from alembic import command

    from episurv.migrations import alembic_config

    command.downgrade(alembic_config(url), revision)


# PostgreSQL alone partitions; one build of the demo for the migration tests of this demo.
@ONLY_POSTGRESQL
@pytest.mark.xdist_group("demo_400_2021")
def test_the_migration_partitions_an_existing_database_and_back(demo_of_its_own, monkeypatch):
    url = demo_of_its_own(400, 2021)  # at head: partitioned from the start
    monkeypatch.setenv("EPISURV_DATABASE_URL", url)
    assert _kinds(url) == dict.fromkeys(PARTITIONED, "p")
    reports, counts = demo_reports(url), _counts(url)

    _alembic_downgrade(url, "0014")  # plain tables, the rows kept
    assert _kinds(url) == dict.fromkeys(PARTITIONED, "r")
    # The unit key tables (0019) and case_province_days (0021) are not there at 0014; the
    # upgrade fills them again.
    assert _counts(url) == {t: n for t, n in counts.items()
                            if t not in ("provinces", "districts", "wards", "case_province_days")}

    upgrade(url)  # an existing database with data moves into partitions
    assert _kinds(url) == dict.fromkeys(PARTITIONED, "p")
    assert _counts(url) == counts and counts["cases"] == 400
    with get_engine(url).connect() as conn:
        in_hanoi = conn.execute(text("SELECT count(*) FROM cases_p01")).scalar()
        elsewhere = conn.execute(text("SELECT count(*) FROM cases_p79")).scalar() + \
            conn.execute(text("SELECT count(*) FROM cases_rest")).scalar()
        largest = conn.execute(text("SELECT max(id) FROM cases")).scalar()
        names = set(conn.execute(text(
            "SELECT conname FROM pg_constraint WHERE conrelid = 'cases'::regclass")).scalars())
    assert (in_hanoi, elsewhere) == (400, 0)
    # The keys keep the models' names.
    assert {"pk_cases", "uq_cases_province_code", "fk_cases_cluster_id_clusters"} <= names
    assert demo_reports(url) == reports

    from episurv.accounts.scope import SYSTEM
    from episurv.cases.service import save_case

    with session_scope(url) as session:
        save_case(session, {"case_id": "HCM1", "report_date": "2021-11-20",
                            "province": "TP. Hồ Chí Minh", "district": "Quận 1"},
                  scope=SYSTEM, must_be_new=True)
    with get_engine(url).connect() as conn:
        assert conn.execute(text("SELECT id FROM cases_p79 WHERE case_id = 'HCM1'")).scalar() \
            == largest + 1
