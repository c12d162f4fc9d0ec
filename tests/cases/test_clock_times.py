"""A time of day reads back, compares and sorts the same whichever path wrote it: the ORM,
db.bulk_insert (the demo's national build) or the line-list import. SQLite keeps a time as text:
SQLAlchemy wrote '18:00:00.000000' where the import wrote '18:00:00'."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import select, text

from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.cases.models import Case
from episurv.cases.service import apply_cutoff
from episurv.db import bulk_insert

DAY = date(2021, 11, 7)


def test_a_time_written_by_the_orm_bulk_insert_and_the_import_is_one_value_in_sql(
        session, write_csv):
    import_cases(session, scope=SYSTEM, path=write_csv(
        "case_id,report_date,report_time,province,district\n"
        "IMPORTED,2021-11-07,18:00,Hà Nội,Ba Đình"))
    session.add(Case(case_id="ORM", province_code=1, report_date=DAY, report_day=DAY,
                     report_time=time(18, 0), detected_in="community", source="unknown",
                     outcome="active"))
    session.flush()
    columns = ("case_id", "province_code", "report_date", "report_day", "report_time",
               "detected_in", "source", "outcome", "version")
    bulk_insert(session, Case.__table__, columns, [
        ("BULK", 1, DAY, DAY, time(18, 0), "community", "unknown", "active", 1)])
    session.commit()
    rows = session.execute(text("SELECT case_id, report_time FROM cases ORDER BY case_id"))
    assert [(case_id, str(at)[:8]) for case_id, at in rows] == [
        ("BULK", "18:00:00"), ("IMPORTED", "18:00:00"), ("ORM", "18:00:00")]
    # Equal in SQL, not only once read back into Python.
    assert session.execute(text(
        "SELECT COUNT(DISTINCT report_time) FROM cases")).scalar_one() == 1
    assert session.execute(text(
        "SELECT case_id FROM cases WHERE report_time = (SELECT report_time FROM cases "
        "WHERE case_id = 'IMPORTED') ORDER BY case_id")).scalars().all() == [
        "BULK", "IMPORTED", "ORM"]
    # A case confirmed at 18:00 is not later than an 18:00 cut-off, whoever wrote it.
    apply_cutoff(session, time(18, 0))
    session.commit()
    assert session.execute(select(Case.case_id, Case.report_day).order_by(
        Case.case_id)).all() == [("BULK", DAY), ("IMPORTED", DAY), ("ORM", DAY)]
