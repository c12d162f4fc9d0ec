"""The bulk writes of the national build (db.bulk_insert, db.foreign_keys_set_aside): a polars
frame written by COPY as CSV reads back as the same rows as tuples written row by row, and a
foreign key set aside for a bulk write still refuses a row without its parent."""

from __future__ import annotations

from datetime import date, datetime, time

import polars as pl
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from episurv.cases.models import Case
from episurv.contacts.models import ContactCheck
from episurv.core.time import LOCAL
from episurv.db import bulk_insert, foreign_keys_set_aside, session_scope

DAY = date(2021, 11, 7)
COLUMNS = ("case_id", "province_code", "report_date", "report_day", "report_time",
           "detected_in", "source", "outcome", "version", "name", "address", "onset_date",
           "created_at")
# An empty text (not null), a text with the CSV's separator and quote, nulls, a clock time and
# a moment in Vietnam's zone: what CSV could confuse.
AT = datetime(2021, 11, 7, 9, 30, tzinfo=LOCAL)


def _row(code: str) -> tuple:
    return (code, 1, DAY, DAY, time(18, 5), "community", "unknown", "active", 1, "",
            'Số 2, ngõ "Hoa"', None, AT)


def _local(value) -> datetime:
    """A moment read back as the clock in Vietnam: PostgreSQL gives a timestamptz, SQLite the
    text SQLAlchemy stored (the wall time written, without its zone)."""
    if not isinstance(value, datetime):
        return datetime.fromisoformat(value)
    return value.astimezone(LOCAL).replace(tzinfo=None)


def test_a_frame_and_tuples_write_the_same_rows(session):
    bulk_insert(session, Case.__table__, COLUMNS, [_row("TUPLE")])
    frame = pl.DataFrame([_row("FRAME")], schema=list(COLUMNS), orient="row")
    assert bulk_insert(session, Case.__table__, COLUMNS, frame) == 1
    session.commit()
    rows = session.execute(text(
        "SELECT case_id, report_date, report_time, name, address, onset_date, created_at "
        "FROM cases ORDER BY case_id")).all()
    read = [(code, str(day)[:10], str(clock)[:8], name, address, onset, _local(at))
            for code, day, clock, name, address, onset, at in rows]
    expected = ("2021-11-07", "18:05:00", "", 'Số 2, ngõ "Hoa"', None,
                datetime(2021, 11, 7, 9, 30))
    assert read == [("FRAME", *expected), ("TUPLE", *expected)]


def test_a_key_set_aside_still_refuses_a_row_without_its_parent(db):
    orphan = [(1, 999_999, DAY, "call", "well", AT, "demo")]
    columns = ("province_code", "contact_id", "day", "kind", "result", "at", "by")
    postgres = not db.startswith("sqlite")
    key = "fk_contact_checks_province_code_contacts"

    def keys(table: str = "contact_checks") -> list[str]:
        with session_scope(db) as s:
            return s.execute(text(
                "SELECT conname FROM pg_constraint WHERE contype = 'f' AND conparentid = 0 "
                "AND conrelid = CAST(:t AS regclass) ORDER BY 1"), {"t": table}).scalars().all()

    if not postgres:
        # SQLite keeps its keys: the row is refused as it is written.
        with pytest.raises(IntegrityError), foreign_keys_set_aside(db, ("contact_checks",)), \
                session_scope(db) as s:
            bulk_insert(s, ContactCheck.__table__, columns, orphan)
        return
    with session_scope(db) as s:
        definition = s.execute(text(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = :k "
            "AND conrelid = 'contact_checks'::regclass"), {"k": key}).scalar_one()
    assert keys() == [key]
    tests_keys = keys("contact_tests")
    assert tests_keys != []
    try:
        with pytest.raises(ValueError, match=f"contact_checks break its key {key}"), \
                foreign_keys_set_aside(db, ("contact_checks", "contact_tests")):
            assert keys() == [] and keys("contact_tests") == []  # aside while the rows go in
            with session_scope(db) as s:
                bulk_insert(s, ContactCheck.__table__, columns, orphan)
        assert keys() == []  # not put back over a row that breaks it
        assert keys("contact_tests") == tests_keys  # the others are put back all the same
    finally:
        with session_scope(db) as s:  # for the tests that follow
            s.execute(text("DELETE FROM contact_checks"))
            if not keys():
                s.execute(text(f"ALTER TABLE contact_checks ADD CONSTRAINT {key} {definition}"))
    with foreign_keys_set_aside(db, ("contact_checks",)):
        assert keys() == []
    assert keys() == [key]  # back after a write that kept to it
