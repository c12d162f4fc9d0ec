"""Contact lists as 2021 tracing teams wrote them: the case the F1 were exposed to headed "F0
liên quan", "Ngày TX" for the exposure, ages as "31t" or years of birth, kin for the relation
("Vợ", "Con"), phone numbers with spaces. Each file is written here, imported and read back."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.cases.models import Case
from episurv.contacts.importer import import_contacts
from episurv.contacts.models import Contact
from episurv.contacts.validation import check_row, map_headers

CASES = """case_id,report_date,province,district,ward,onset_date
BN9999,2021-11-05,Hà Nội,Cầu Giấy,Dịch Vọng,2021-11-03
"""


def test_a_tracing_teams_list_imports(session, write_csv):
    """Each of its headers but "Mã F1" and "Họ tên" was ignored or refused the file ("no
    exposure_date column"; "F0 liên quan" left aside, so every row lacked its case)."""
    import_cases(session, write_csv(CASES), scope=SYSTEM)
    path = write_csv("""Mã F1,F0 liên quan,Ngày TX,Mối quan hệ với F0,Họ tên,SĐT,Năm sinh,Giới
F1-001,BN9999,04/11/2021,Vợ,Trần Thị Lan,0987 654 321,1990,Nữ
F1-002,BN 9999,44504,Con,Lê Văn Hải,0987.000.111,31t,Nam
F1-003,BN9999,3/11/2021,Đồng nghiệp,Phạm An,+84 912 345 678,8 tháng,Nam""",
                     name="f1.csv")
    result = import_contacts(session, path, scope=SYSTEM)
    assert (result["new"], result["ignored_columns"]) == (3, [])
    case = session.scalar(select(Case.id))
    rows = session.execute(select(
        Contact.contact_code, Contact.source_case_id, Contact.exposure_date, Contact.relation,
        Contact.phone, Contact.age, Contact.sex).order_by(Contact.contact_code)).all()
    assert [tuple(r) for r in rows] == [
        ("F1-001", case, date(2021, 11, 4), "household", "0987654321", 31, "F"),
        ("F1-002", case, date(2021, 11, 4), "household", "0987000111", 31, "M"),
        ("F1-003", case, date(2021, 11, 3), "workplace", "0912345678", 0, "M")]


@pytest.mark.parametrize(("written", "age"), [
    ("31t", 31), ("31 tuổi", 31), ("18 tháng", 1), ("1990", 31), ("35 tuổi (nữ)", 35),
    ("31", 31)])
def test_an_age_as_the_line_list_reads_it(written, age):
    checked, problems = check_row(2, {"contact_code": "F-1", "source_case": "A1",
                                      "exposure_date": "4/11/2021", "age": written},
                                  today=date(2021, 11, 7))
    assert (checked.values["age"], problems) == (age, [])


def test_an_age_no_form_reads_is_still_refused():
    _checked, problems = check_row(2, {"contact_code": "F-1", "source_case": "A1",
                                       "exposure_date": "4/11/2021", "age": "khoảng 30"},
                                   today=date(2021, 11, 7))
    assert [(p.column, p.message) for p in problems] == [("age", "not a whole number")]


@pytest.mark.parametrize(("column", "written", "value"), [
    ("relation", "Vợ BN9999", "household"), ("relation", "Đồng nghiệp cùng phòng", "workplace"),
    ("relation", "Bạn", "social"), ("relation", "household", "household"),
    ("sex", "Nữ giới", "F"), ("sex", "bé trai", "M"), ("sex", "Nam", "M"),
    ("setting", "Cách ly tại nhà", "home"), ("setting", "Tập trung tại KTX", "facility"),
    ("setting", "Khách sạn", None),
])
def test_words_read_as_the_line_list_reads_its_own(column, written, value):
    """A word with more after it ("Vợ BN9999", "Nữ giới") was refused: the longest word of
    the vocabulary a cell begins with names its value, as in the line list."""
    checked, problems = check_row(2, {"contact_code": "F-1", "source_case": "A1",
                                      "exposure_date": "4/11/2021", column: written},
                                  today=date(2021, 11, 7))
    assert checked.values[column] == value
    assert [p.column for p in problems] == ([] if value else [column])


@pytest.mark.parametrize(("headers", "mapped", "ignored"), [
    (["Tuổi", "Năm sinh"], {"Tuổi": "age"}, ["Năm sinh"]),
    (["Năm sinh"], {"Năm sinh": "age"}, []),
    (["F1/F2", "Mã BN F0", "Ngày tiếp xúc gần nhất"],
     {"F1/F2": "level", "Mã BN F0": "source_case", "Ngày tiếp xúc gần nhất": "exposure_date"},
     []),
    (["Là F1 của"], {"Là F1 của": "source_case"}, []),
])
def test_contact_headers(headers, mapped, ignored):
    """A year of birth is the age only where the list gives no age (a list with both was
    refused as naming the age twice); "F1/F2", "Mã BN F0", "Là F1 của" were ignored."""
    assert map_headers(headers) == (mapped, ignored)
