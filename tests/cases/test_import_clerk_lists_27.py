"""Line lists as 2021 clerks wrote them, round 27: English headers (lists shared with partners),
the letterhead of an official form above the table, a day written without its year under a
title that gives it, a sex written as a number the header explains, Roman-numbered headings and
a phone a number cell turned into a fraction. Each file is written here, imported and read
back; one that cannot be read is refused naming what is wrong and changes nothing."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.cases.models import Case
from episurv.geo.units import DISTRICT, PROVINCE, WARD, register


def _cases(session, *columns):
    rows = session.execute(select(Case.case_id, *[getattr(Case, c) for c in columns])
                           .order_by(Case.case_id)).all()
    return [tuple(r) for r in rows]


def test_a_list_with_english_headers(session, write_csv):
    """HCDC shared lists headed in English; "Date of report" was not a report date (the file
    was refused), "Patient ID" was left aside (the cases got generated codes), "District 3"
    and "Ward 9" named no unit."""
    path = write_csv("\n".join((
        "No.,Patient ID,Date of report,Age,Gender,Province/City,District,Ward,Date of onset,"
        "Date of sampling,Status,Source of infection",
        "1,BN731104,12/10/2021,52,Female,Ho Chi Minh City,District 3,Ward 9,09/10/2021,"
        "10/10/2021,Under treatment,Contact",
        "2,BN731105,12/10/2021,27,Male,Ho Chi Minh City,Binh Thanh District,Ward 25,,"
        "11/10/2021,Discharged,Screening")))
    result = import_cases(session, scope=SYSTEM, path=path)
    assert (result["new"], result["ignored_columns"]) == (2, ["No."])
    reg = register()
    hcm = reg.resolve("Hồ Chí Minh", PROVINCE)
    q3 = reg.resolve("Quận 3", DISTRICT, hcm.code)
    binh_thanh = reg.resolve("Bình Thạnh", DISTRICT, hcm.code)
    assert _cases(session, "report_date", "age", "sex", "district_code", "ward_code",
                  "onset_date", "sample_date", "outcome", "source") == [
        ("BN731104", date(2021, 10, 12), 52, "F", q3.code,
         reg.resolve("Phường 9", WARD, q3.code).code, date(2021, 10, 9),
         date(2021, 10, 10), "active", "contact"),
        ("BN731105", date(2021, 10, 12), 27, "M", binh_thanh.code,
         reg.resolve("Phường 25", WARD, binh_thanh.code).code, None,
         date(2021, 10, 11), "recovered", "screening")]
