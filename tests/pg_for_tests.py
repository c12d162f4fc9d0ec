"""Where the tests find PostgreSQL, and the URL of one schema in it (shared by conftest and the
tests that make schemas of their own)."""

from __future__ import annotations

import os

PG_SERVER = os.environ.get("EPISURV_TEST_POSTGRES",
                           "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def pg_url(schema: str) -> str:
    return f"{PG_SERVER}?options=-csearch_path%3D{schema}"
