"""Contact lists as 2021 tracing teams wrote them, round 27: English headers, and the habits of
the line lists (a day without its year under a title that gives the year, a sex written as a
number the header explains). Each file is written here, imported and read back."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.cases.models import Case
from episurv.contacts.importer import import_contacts
from episurv.contacts.models import Contact
from episurv.errors import InvalidInput

CASES = """case_id,report_date,province,district,ward,onset_date
BN7310,2021-10-12,Hồ Chí Minh,Quận 3,Phường 9,2021-10-09
"""


def _contacts(session, *columns):
    rows = session.execute(select(Contact.contact_code, *[getattr(Contact, c) for c in columns])
                           .order_by(Contact.contact_code)).all()
    return [tuple(r) for r in rows]


def test_a_contact_list_with_english_headers(session, write_csv):
    """"Contact ID", "Date of last contact" and "Relationship" named no column: the file was
    refused for want of an exposure date."""
    import_cases(session, write_csv(CASES), scope=SYSTEM)
    path = write_csv("""No.,Contact ID,Source case,Date of last contact,Relationship,Gender,Age,\
Quarantine type
1,F1-7310-1,BN7310,10/10/2021,Colleague,Female,44,Centralised
2,F1-7310-2,BN7310,11/10/2021,Family member,Male,9,Home quarantine""", name="f1.csv")
    result = import_contacts(session, path, scope=SYSTEM)
    assert (result["new"], result["ignored_columns"]) == (2, ["No."])
    assert _contacts(session, "exposure_date", "relation", "sex", "age", "setting") == [
        ("F1-7310-1", date(2021, 10, 10), "workplace", "F", 44, "facility"),
        ("F1-7310-2", date(2021, 10, 11), "household", "M", 9, "home")]


def test_days_without_their_year_under_a_title_that_gives_it(session, write_csv):
    """Exposure and day found both written "10/10" had no whole day to be read beside, and were
    refused; the title gives the year."""
    import_cases(session, write_csv(CASES), scope=SYSTEM)
    path = write_csv("""DANH SÁCH F1 CỦA BN7310 (CẬP NHẬT NGÀY 13/10/2021),,
Mã F1,Ngày tiếp xúc,Ngày phát hiện
F1-7310-3,10/10,12/10
F1-7310-4,11.10,""", name="f1.csv")
    assert import_contacts(session, path, scope=SYSTEM)["new"] == 2
    assert _contacts(session, "exposure_date", "identified_on") == [
        ("F1-7310-3", date(2021, 10, 10), date(2021, 10, 12)),
        ("F1-7310-4", date(2021, 10, 11), date(2021, 10, 11))]


def test_a_contacts_sex_written_as_a_number(session, write_csv):
    """As the line list reads it: by the header's key; without one, refused saying why."""
    import_cases(session, write_csv(CASES), scope=SYSTEM)
    path = write_csv("""Mã F1,F0 liên quan,Ngày tiếp xúc,Giới (Nam: 1; Nữ: 2)
F1-7310-5,BN7310,10/10/2021,2
F1-7310-6,BN7310,10/10/2021,1""", name="f1.csv")
    assert import_contacts(session, path, scope=SYSTEM)["new"] == 2
    assert _contacts(session, "sex") == [("F1-7310-5", "F"), ("F1-7310-6", "M")]
    path = write_csv("""Mã F1,F0 liên quan,Ngày tiếp xúc,Giới
F1-7310-7,BN7310,10/10/2021,1""", name="f1b.csv")
    with pytest.raises(InvalidInput) as refused:
        import_contacts(session, path, scope=SYSTEM)
    assert [(p["row"], p["column"], p["message"]) for p in refused.value.problems] == [
        (2, "sex", "a number, which says no sex by itself: write Nam or Nữ (M or F), or say "
         "in the header what each number stands for, as “Giới tính (1: Nam, 0: Nữ)”")]
    assert len(_contacts(session)) == 2


def test_a_contacts_phone_as_a_number_cell_gives_it(session, write_csv):
    """The line list gave back the 0 a number cell strips ("912345678"), the contact list
    refused it as no phone number; and "912345678.0" as a program exports it."""
    import_cases(session, write_csv(CASES), scope=SYSTEM)
    path = write_csv("""Mã F1,F0 liên quan,Ngày tiếp xúc,SĐT
F1-7310-8,BN7310,10/10/2021,912345678
F1-7310-9,BN7310,10/10/2021,983456789.0""", name="f1.csv")
    assert import_contacts(session, path, scope=SYSTEM)["new"] == 2
    assert _contacts(session, "phone") == [
        ("F1-7310-8", "0912345678"), ("F1-7310-9", "0983456789")]


def test_a_contact_list_headed_on_two_rows_after_a_summary_sheet(session, write_csv,
                                                                  write_xlsx):
    """A heading merged over "Mã F1", "Họ tên" and one over "F0 liên quan", "Ngày tiếp xúc":
    the file was refused for want of an exposure date (the headings were taken for the header),
    as it was when the workbook opened on a summary sheet."""
    import_cases(session, write_csv(CASES), scope=SYSTEM)
    path = write_xlsx(sheets=[
        ("Tổng hợp", [("Ca bệnh", "Số F1"), ("BN7310", 2)]),
        ("Danh sách F1", [
            ("DANH SÁCH F1 CỦA CA BỆNH BN7310",),
            ("STT", "Thông tin F1", None, None, "Tiếp xúc", None),
            (None, "Mã F1", "Họ tên", "Năm sinh", "F0 liên quan", "Ngày tiếp xúc"),
            (1, "F1-7310-10", "Đặng Văn Khoa", 1979, "BN7310", "10/10/2021"),
            (2, "F1-7310-11", "Đặng Thị Mai", 2008, "BN7310", "11/10/2021"),
            ("Tổng cộng", None, 2),
        ])], merged=["A2:A3", "B2:D2", "E2:F2"])
    result = import_contacts(session, path, scope=SYSTEM)
    assert (result["new"], result["totals_rows"]) == (2, [{"row": 6, "value": "Tổng cộng"}])
    assert _contacts(session, "name", "age", "exposure_date") == [
        ("F1-7310-10", "Đặng Văn Khoa", 42, date(2021, 10, 10)),
        ("F1-7310-11", "Đặng Thị Mai", 13, date(2021, 10, 11))]


def test_contacts_on_several_sheets_are_refused_naming_them(session, write_csv, write_xlsx):
    """Read as one list only where a line list is; a contact list a sheet a case was read from
    its first sheet alone, the others left unsaid."""
    import_cases(session, write_csv(CASES), scope=SYSTEM)
    header = ("Mã F1", "F0 liên quan", "Ngày tiếp xúc")
    path = write_xlsx(sheets=[("Ca 1", [header, ("F1-7310-12", "BN7310", "10/10/2021")]),
                              ("Ca 2", [header, ("F1-7310-13", "BN7310", "10/10/2021")])],
                      name="f1.xlsx")
    with pytest.raises(InvalidInput) as refused:
        import_contacts(session, path, scope=SYSTEM)
    assert str(refused.value) == (
        "f1.xlsx: several sheets hold a table to import (Ca 1, Ca 2); save each as a file of "
        "its own and import them one by one")
    assert _contacts(session) == []


def test_a_contact_lists_totals_line_whose_count_fell_in_the_days_column(session, write_csv):
    import_cases(session, write_csv(CASES), scope=SYSTEM)
    path = write_csv("""STT,Mã F1,F0 liên quan,Ngày tiếp xúc
1,F1-7310-14,BN7310,10/10/2021
Tổng số,,,1 F1""", name="f1.csv")
    result = import_contacts(session, path, scope=SYSTEM)
    assert (result["new"], result["totals_rows"]) == (1, [{"row": 3, "value": "Tổng số"}])


def test_contact_headers_saying_whom_they_are_of(session, write_csv):
    """"Ngày tiếp xúc cuối cùng với F0" (with the case) was no exposure day, "Họ và tên F1"
    no name, "Tiếp xúc với ca bệnh" no case, "Địa điểm cách ly" no setting: refused."""
    import_cases(session, write_csv(CASES), scope=SYSTEM)
    path = write_csv("""Họ và tên F1,Mã F1,Tiếp xúc với ca bệnh,Ngày tiếp xúc cuối cùng với F0,\
Mối quan hệ với ca bệnh,Địa điểm cách ly
Trịnh Văn Lộc,F1-7310-15,BN7310,09/10/2021,Hàng xóm,Tại nhà
Trịnh Thị Hoa,F1-7310-16,BN7310,10/10/2021,Vợ,Khu cách ly tập trung""", name="f1.csv")
    result = import_contacts(session, path, scope=SYSTEM)
    assert (result["new"], result["ignored_columns"]) == (2, [])
    assert _contacts(session, "name", "exposure_date", "relation", "setting") == [
        ("F1-7310-15", "Trịnh Văn Lộc", date(2021, 10, 9), "social", "home"),
        ("F1-7310-16", "Trịnh Thị Hoa", date(2021, 10, 10), "household", "facility")]


def test_a_contact_list_grouped_under_headings_naming_their_case(session, write_csv):
    """F1 grouped under "F1 của BN7310" and "F1 của BN7311", in a list with no column for the
    case: the headings were left aside and every row refused as an F1 without its case."""
    import_cases(session, write_csv(CASES + "BN7311,2021-10-12,Hồ Chí Minh,Quận 3,Phường 9,\n"),
                 scope=SYSTEM)
    path = write_csv("""DANH SÁCH F1 CỦA BN7310 VÀ BN7311,,,
STT,Mã F1,Ngày tiếp xúc,Quan hệ
,F1 của BN7310,,
1,F1-7310-17,10/10/2021,Vợ
2,F1-7310-18,10/10/2021,Con
,F1 của BN 7311,,
3,F1-7311-1,11/10/2021,Đồng nghiệp""", name="f1.csv")
    result = import_contacts(session, path, scope=SYSTEM)
    assert result["new"] == 3
    rows = session.execute(select(Contact.contact_code, Case.case_id)
                           .join(Case, Case.id == Contact.source_case_id)
                           .order_by(Contact.contact_code)).all()
    assert [tuple(r) for r in rows] == [
        ("F1-7310-17", "BN7310"), ("F1-7310-18", "BN7310"), ("F1-7311-1", "BN7311")]
