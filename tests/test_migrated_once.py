"""A test process migrates one database per store and keeps it however its tests alternate
between the stores (conftest's `_migrated_databases`). pytest holds one value of the
parametrized session fixture `migrated_url` at a time, and under `--dist loadgroup` a worker is
handed SQLite and PostgreSQL tests in turn: each turn migrated a new database (a PostgreSQL
schema took seconds), and the demos kept for the old URL were built again. This runs four tests
that alternate the stores, in a pytest of their own on the suite's conftest, and checks that
each store's two tests had one database, and that the PostgreSQL schema is gone afterwards."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pg_for_tests import PG_SERVER, schema_of
from sqlalchemy import text

from episurv.db import get_engine

TESTS = Path(__file__).parent

CONFTEST = '''
import importlib.util
import sys

sys.path.insert(0, {tests!r})
_spec = importlib.util.spec_from_file_location("suite_conftest", {conftest!r})
_suite = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_suite)
globals().update({{k: v for k, v in vars(_suite).items() if not k.startswith("__")}})


def pytest_collection_modifyitems(items):
    # SQLite, PostgreSQL, SQLite, PostgreSQL: the stores in turn, as a worker may be given them.
    items.sort(key=lambda item: (item.callspec.params["n"],
                                 item.callspec.params["migrated_url"] != "sqlite"))
'''

ALTERNATING = '''
from pathlib import Path

import pytest


@pytest.mark.parametrize("n", [1, 2])
def test_store(db, n):
    store = "sqlite" if db.startswith("sqlite") else "postgresql"
    Path(f"{{store}}-{{n}}").write_text(db)
'''


def test_each_store_is_migrated_once_however_the_tests_alternate(tmp_path):
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    (tmp_path / "conftest.py").write_text(CONFTEST.format(
        tests=str(TESTS), conftest=str(TESTS / "conftest.py")), encoding="utf-8")
    (tmp_path / "test_alternating.py").write_text(ALTERNATING.format(), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "pytest", "-v", "-p", "no:cacheprovider",
                          "-p", "no:xdist", "test_alternating.py"], cwd=tmp_path,
                         capture_output=True, text=True,
                         env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    assert out.returncode == 0, out.stdout + out.stderr
    ran = [line.split("::")[1].split(" ")[0] for line in out.stdout.splitlines()
           if "PASSED" in line]
    assert ran == ["test_store[sqlite-1]", "test_store[postgresql-1]", "test_store[sqlite-2]",
                   "test_store[postgresql-2]"]
    urls = {f.name: f.read_text() for f in tmp_path.iterdir() if f.name[-2:] in ("-1", "-2")}
    assert urls["sqlite-1"] == urls["sqlite-2"] and urls["sqlite-1"].startswith("sqlite:///")
    assert urls["postgresql-1"] == urls["postgresql-2"]
    schema = schema_of(urls["postgresql-1"])
    with get_engine(PG_SERVER).connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM information_schema.schemata "
                                 "WHERE schema_name = :s"), {"s": schema}).scalar() == 0
