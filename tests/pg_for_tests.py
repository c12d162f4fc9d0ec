"""Where the tests find PostgreSQL, and the URL of one schema in it (shared by conftest and the
tests that make schemas of their own)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text

PG_SERVER = os.environ.get("EPISURV_TEST_POSTGRES",
                           "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def pg_url(schema: str) -> str:
    """The schema's URL. Its sessions commit without waiting for the write-ahead log to reach
    the disk (`synchronous_commit=off`): a commit waited 4 to 5 ms for the flush on a loaded
    machine and 1 ms without, over thousands of commits a run, and a server crash would lose
    only a test schema nobody keeps. What is durable is the test of a restart
    (tests/test_database_restart.py), on a cluster of its own with the standard setting."""
    return f"{PG_SERVER}?options=-csearch_path%3D{schema}%20-csynchronous_commit%3Doff"


def schema_of(url: str) -> str:
    """The schema of a URL `pg_url` made."""
    return url.rsplit("search_path%3D", 1)[1].split("%20", 1)[0]


@contextmanager
def fresh_schema(prefix: str, *statements: str) -> Iterator[str]:
    """The URL of a new, empty schema (after `statements`, run in it with `{schema}` filled
    in); its engine disposed and the schema dropped afterwards."""
    from episurv.db import get_engine

    schema = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = get_engine(PG_SERVER)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
        for statement in statements:
            conn.execute(text(statement.format(schema=schema)))
    try:
        yield pg_url(schema)
    finally:
        get_engine(pg_url(schema)).dispose()
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))


@contextmanager
def blank_database(store: str, folder: Path, prefix: str) -> Iterator[str]:
    """The URL of a database nothing was written to, on `store` ("sqlite": a new file in
    `folder`; "postgresql": a fresh schema, dropped afterwards)."""
    if store == "sqlite":
        yield f"sqlite:///{folder / f'{prefix}.db'}"
        return
    with fresh_schema(prefix) as url:
        yield url
