"""The register's keys on import: every key of every staged row is checked set-wise before
the write (a missing one refuses the file by name), and on PostgreSQL the new cases go in
without the per-row key triggers, their referred rows locked as those triggers lock them."""

from __future__ import annotations

import contextlib

import pytest
from sqlalchemy import func, select, text

from episurv.accounts.models import AuditEntry
from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.cases.models import Case
from episurv.cases.service import SET_WISE_ROWS
from episurv.db import get_engine
from episurv.errors import InvalidInput

HEADER = "case_id,report_date,report_time,province,district,ward,detected_in,source,cluster,age,sex"
PHUC_XA = 1  # ward code of Phường Phúc Xá, Quận Ba Đình (district 1), Hà Nội


@contextlib.contextmanager
def ward_key_missing(url: str, code: int):
    """The key table `wards` without one ward the register (admin_units) still carries, so
    the file's checks pass and only the key can refuse it; put back afterwards (the key
    tables are kept from test to test)."""
    with get_engine(url).begin() as conn:
        row = conn.execute(text("SELECT * FROM wards WHERE code = :c"),
                           {"c": code}).mappings().one()
        conn.execute(text("DELETE FROM wards WHERE code = :c"), {"c": code})
    try:
        yield
    finally:
        with get_engine(url).begin() as conn:
            conn.execute(text(f"INSERT INTO wards ({', '.join(row)}) VALUES "
                              f"({', '.join(':' + k for k in row)})"), dict(row))


def test_a_row_whose_ward_the_key_table_lacks_refuses_the_file_by_name(db, session, write_csv):
    path = write_csv(f"""{HEADER}
BN1,2021-11-07,10:00,Hà Nội,Ba Đình,Phúc Xá,community,screening,,30,M
BN2,2021-11-07,11:00,Hà Nội,Ba Đình,Trúc Bạch,quarantine,contact,,40,F""")
    with ward_key_missing(db, PHUC_XA):
        try:
            with pytest.raises(InvalidInput) as exc:
                import_cases(session, scope=SYSTEM, path=path)
        finally:
            session.rollback()  # before the ward is put back (SQLite has one writer)
    assert str(exc.value) == ("ward_code 1: not in wards, which the register's key refers to; "
                              "nothing was written")
    assert session.scalar(select(func.count()).select_from(Case)) == 0
    assert session.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_a_ward_only_a_dropped_repeated_row_names_is_not_called_missing(db, session, write_csv,
                                                                         tmp_path):
    # The keys are checked over the values every staged row named; row 4 repeats BN1 in a
    # later batch and goes to the rejects file, so its ward is named by no row written.
    path = write_csv(f"""{HEADER}
BN1,2021-11-07,10:00,Hà Nội,Ba Đình,Trúc Bạch,community,screening,,30,M
BN2,2021-11-07,11:00,Hà Nội,Ba Đình,Trúc Bạch,quarantine,contact,,40,F
BN1,2021-11-08,10:00,Hà Nội,Ba Đình,Phúc Xá,community,screening,,30,M""")
    with ward_key_missing(db, PHUC_XA):
        try:
            result = import_cases(session, path, scope=SYSTEM, rejects=tmp_path / "rejects.csv",
                                  batch_rows=2)
            session.commit()
        finally:
            session.rollback()
    assert (result["new"], result["rejected"]) == (2, 1)
    assert sorted(session.execute(select(Case.case_id, Case.ward_code)).all()) == [
        ("BN1", 4), ("BN2", 4)]


def _scans(session, table: str) -> int:
    """Scans of `table` made so far by this transaction (PostgreSQL's statistics)."""
    return session.execute(text(
        "SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) FROM pg_stat_xact_user_tables "
        "WHERE relid = CAST(:t AS regclass)"), {"t": table}).scalar_one()


def _rows_in_one_ward(write_csv):
    """SET_WISE_ROWS new cases (the fewest that go in without the key triggers), all in the
    ward Phúc Xá."""
    return write_csv(HEADER + "\n" + "\n".join(
        f"BN{n},2021-11-07,10:00,Hà Nội,Ba Đình,Phúc Xá,community,screening,,30,M"
        for n in range(1, SET_WISE_ROWS + 1)))


def test_new_cases_skip_the_per_row_key_checks_on_postgresql(db, session, write_csv):
    if db.startswith("sqlite"):
        pytest.skip("the per-row key triggers are PostgreSQL's")
    path = _rows_in_one_ward(write_csv)
    # Only the cases refer to these two (the daily counts refer to provinces as well).
    before = {t: _scans(session, t) for t in ("wards", "districts")}
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 1000
    # The set-wise check scans each table once, whatever the rows; each key trigger would
    # scan its table once more per row (1,001 scans).
    assert {t: _scans(session, t) - n for t, n in before.items()} == {"wards": 1, "districts": 1}
    session.commit()
    assert session.scalar(select(func.count()).select_from(Case)) == 1000
    assert session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "create")) == 1000


def test_the_referred_ward_cannot_be_deleted_until_the_import_commits(db, session, write_csv):
    if db.startswith("sqlite"):
        pytest.skip("SQLite has one writer: no other transaction can delete meanwhile")
    path = _rows_in_one_ward(write_csv)
    import_cases(session, scope=SYSTEM, path=path)
    # The import's transaction is open: its FOR KEY SHARE lock on the ward makes a delete
    # of it wait (here: give up after its lock timeout).
    with get_engine(db).connect() as other:
        other.execute(text("SET LOCAL lock_timeout = '200ms'"))
        with pytest.raises(Exception, match="lock timeout"):
            other.execute(text("DELETE FROM wards WHERE code = :c"), {"c": PHUC_XA})
        other.rollback()
    session.commit()
    assert session.scalar(select(func.count()).select_from(Case).where(
        Case.ward_code == PHUC_XA)) == 1000
