"""A write moves the data versions of its provinces and of the whole country on in one
statement (dataversion.bump), each to a new value, and leaves the other provinces' as they
were."""

from __future__ import annotations

from sqlalchemy import text
from statements import statements

from episurv.dataversion import bump
from episurv.db import session_scope


def _versions(db: str) -> dict[int, int]:
    with session_scope(db) as s:
        return dict(s.execute(text("SELECT province_code, version FROM data_versions")).all())


def _bump(db: str, provinces: list) -> None:
    with session_scope(db) as s:
        bump(s, provinces)


def test_a_write_moves_its_provinces_and_the_country_on_in_one_statement(db):
    _bump(db, [1, 48])
    before = _versions(db)
    assert sorted(before) == [0, 1, 48]

    sent = statements(db, lambda: _bump(db, [79, 1, None, 1]))

    assert [s.split(" (")[0] for s in sent if "data_versions" in s] == [
        "INSERT INTO data_versions"]
    after = _versions(db)
    assert sorted(after) == [0, 1, 48, 79]
    assert after[0] != before[0] and after[1] != before[1]
    assert after[48] == before[48]
