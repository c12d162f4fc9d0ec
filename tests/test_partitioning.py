"""The schema partitions by province with no change (docs/scaling.md): the tables of
PROVINCE_TABLES created PARTITION BY LIST (province_code) on PostgreSQL, with Hà Nội in a
partition of its own, take the demo through the ordinary import, and every report reads the
same as on the plain tables (the golden file): no query had to change."""

from __future__ import annotations

import secrets
import sys
import uuid
from pathlib import Path

import pytest
from alembic import command
from pg_for_tests import PG_SERVER, pg_url
from sqlalchemy import MetaData, text

from episurv.accounts.audit_guard import guard
from episurv.db import NAMING, Base, get_engine
from episurv.homecare.models import NextId
from episurv.migrations import alembic_config
from episurv.models_registry import PROVINCE_TABLES
from episurv.setup import build_demo

sys.path.insert(0, str(Path(__file__).parent / "reporting"))
from test_demo_reports_unchanged import GOLDEN, demo_reports  # noqa: E402


@pytest.fixture
def pg_schema():
    schema = f"episurv_part_{uuid.uuid4().hex[:10]}"
    admin = get_engine(PG_SERVER)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    yield pg_url(schema)
    get_engine(pg_url(schema)).dispose()
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))


def test_the_province_tables_partition_and_the_reports_do_not_change(pg_schema, monkeypatch):
    url = pg_schema
    partitioned = MetaData(naming_convention=NAMING)
    for table in Base.metadata.sorted_tables:
        copy = table.to_metadata(partitioned)
        if table.name in PROVINCE_TABLES:
            copy.dialect_options["postgresql"]["partition_by"] = "LIST (province_code)"
    engine = get_engine(url)
    with engine.begin() as conn:
        # Home care numbers ids from sequences its migration makes (homecare.models.NextId).
        for table in partitioned.sorted_tables:
            default = table.c.id.default if "id" in table.c else None
            if default is not None and isinstance(getattr(default, "arg", None), NextId):
                conn.execute(text(f"CREATE SEQUENCE {table.name}_id_seq"))
        partitioned.create_all(conn)
        for name in PROVINCE_TABLES:
            conn.execute(text(f"CREATE TABLE {name}_p01 PARTITION OF {name} FOR VALUES IN (1)"))
            conn.execute(text(f"CREATE TABLE {name}_rest PARTITION OF {name} DEFAULT"))
        for statement in guard("postgresql"):
            conn.execute(text(statement))
        conn.execute(text("INSERT INTO app_secrets VALUES ('declaration_key', :a), "
                          "('audit_key', :b)"), {"a": secrets.token_hex(32),
                                                 "b": secrets.token_hex(32)})
        kinds = dict(conn.execute(text(
            "SELECT relname, relkind FROM pg_class WHERE relname IN ('cases', 'cases_p01') "
            "AND relnamespace = current_schema()::regnamespace")).all())
    assert kinds == {"cases": "p", "cases_p01": "r"}  # partitioned, and its partition
    command.stamp(alembic_config(url), "heads")
    monkeypatch.setenv("EPISURV_DATABASE_URL", url)
    build_demo(1500, 2021, url=url)
    with engine.connect() as conn:
        in_hanoi = conn.execute(text("SELECT count(*) FROM cases_p01")).scalar()
        elsewhere = conn.execute(text("SELECT count(*) FROM cases_rest")).scalar()
    assert (in_hanoi, elsewhere) == (1500, 0)
    assert demo_reports(url) == GOLDEN.read_text(encoding="utf-8")
