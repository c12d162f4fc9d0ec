"""The tests' copy of a demo (tests/demo_builds.py) is the build: the same rows in every table,
the units' populations included, after a test changed them."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from episurv.accounts.scope import SYSTEM
from episurv.accounts.service import add_user
from episurv.db import session_scope
from episurv.transfer import database_checks

# The demo the web and browser tests share: one build for the group, under `--dist loadgroup`.
pytestmark = pytest.mark.xdist_group("demo_700_5")


def test_a_copied_demo_holds_the_rows_of_its_build(db, demo_builds):
    built = demo_builds(700, 5, db)
    checks = database_checks(db)
    assert [c.rows for c in checks if c.table == "cases"] == [700]
    with session_scope(db) as s:
        s.execute(text("UPDATE cases SET age = 1"))
        s.execute(text("UPDATE admin_units SET population = 7 WHERE level = 'ward'"))
        add_user(s, scope=SYSTEM, email="before@test.episurv", role="admin", unit=None,
                 password="pw-before-the-copy")

    copied = demo_builds(700, 5, db)
    assert copied == built
    assert database_checks(db) == checks
