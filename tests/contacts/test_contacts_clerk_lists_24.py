"""Contact lists as 2021 tracing teams wrote them, round 24: the case the F1 were exposed to
named in the list's title only, and a list giving both where ("Nơi cách ly") and how ("Hình
thức cách ly") its F1 are quarantined. Each file is written here, imported and read back."""

from __future__ import annotations

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.cases.models import Case
from episurv.contacts.importer import import_contacts
from episurv.contacts.models import Contact
from episurv.contacts.validation import map_headers
from episurv.errors import InvalidInput

CASES = """case_id,report_date,province,district,ward,onset_date
BN9999,2021-11-05,Hà Nội,Cầu Giấy,Dịch Vọng,2021-11-03
"""


def test_how_a_contact_is_quarantined_is_its_setting_where_a_list_says_where_too():
    """A list with both was refused as naming the setting twice."""
    assert map_headers(["Nơi cách ly", "Hình thức cách ly"]) == (
        {"Hình thức cách ly": "setting"}, ["Nơi cách ly"])
    assert map_headers(["Nơi cách ly"]) == ({"Nơi cách ly": "setting"}, [])


def test_a_list_giving_where_and_how_imports_how(session, write_csv):
    import_cases(session, write_csv(CASES), scope=SYSTEM)
    path = write_csv("""Mã F1,F0 liên quan,Ngày TX,Nơi cách ly,Hình thức cách ly
F1-101,BN9999,04/11/2021,Tại nhà riêng,Tập trung
F1-102,BN9999,04/11/2021,KTX Đại học Quốc gia,Tại nhà""", name="f1.csv")
    result = import_contacts(session, path, scope=SYSTEM)
    assert (result["new"], result["ignored_columns"]) == (2, ["Nơi cách ly"])
    rows = session.execute(select(Contact.contact_code, Contact.setting)
                           .order_by(Contact.contact_code)).all()
    assert [tuple(r) for r in rows] == [("F1-101", "facility"), ("F1-102", "home")]


def _source_cases(session):
    return [tuple(r) for r in session.execute(
        select(Contact.contact_code, Case.case_id).join(Case, Case.id == Contact.source_case_id)
        .order_by(Contact.contact_code)).all()]


@pytest.mark.parametrize("title", [
    "DANH SÁCH F1 CỦA BN9999,,", "F1 liên quan BN 9999,,", "Danh sách F1 của bn9999\n,,"])
def test_a_list_naming_its_case_in_its_title_only(session, write_csv, title):
    """Each row was refused as "required: the case the F1 was exposed to"."""
    import_cases(session, write_csv(CASES), scope=SYSTEM)
    path = write_csv(title + """
Mã F1,Ngày TX,Họ tên
F1-201,04/11/2021,Trần Thị Lan
F1-202,3/11/2021,Lê Văn Hải""", name="f1.csv")
    result = import_contacts(session, path, scope=SYSTEM)
    assert result["new"] == 2
    assert _source_cases(session) == [("F1-201", "BN9999"), ("F1-202", "BN9999")]



def test_a_workbook_naming_its_case_in_its_title(session, write_csv, tmp_path):
    """A title merged across the sheet, a blank row, then the table."""
    import_cases(session, write_csv(CASES), scope=SYSTEM)
    book = Workbook()
    sheet = book.active
    for row in (["DANH SÁCH F1 CỦA BN 9999", None, None], [None, None, None],
                ["Mã F1", "Ngày TX", "Họ tên"], ["F1-301", "04/11/2021", "Trần Thị Lan"]):
        sheet.append(row)
    sheet.merge_cells("A1:C1")
    path = tmp_path / "f1.xlsx"
    book.save(path)
    assert import_contacts(session, path, scope=SYSTEM)["new"] == 1
    assert _source_cases(session) == [("F1-301", "BN9999")]


def test_a_title_does_not_overrule_a_column_nor_name_two_cases(session, write_csv):
    """A source column's cell is the row's case whatever the title says; a title naming two
    cases names neither, and the row is refused as it was, nothing imported."""
    import_cases(session, write_csv(CASES + "BN9998,2021-11-05,Hà Nội,Cầu Giấy,Dịch Vọng,\n"),
                 scope=SYSTEM)
    path = write_csv("""F1 liên quan BN9998,,
Mã F1,F0 liên quan,Ngày TX
F1-401,BN9999,04/11/2021""", name="f1.csv")
    assert import_contacts(session, path, scope=SYSTEM)["new"] == 1
    assert _source_cases(session) == [("F1-401", "BN9999")]
    path = write_csv("""DANH SÁCH F1 CỦA BN9999 VÀ BN9998,
Mã F1,Ngày TX
F1-402,04/11/2021""", name="f1b.csv")
    with pytest.raises(InvalidInput) as refused:
        import_contacts(session, path, scope=SYSTEM)
    assert [(p["row"], p["column"], p["message"]) for p in refused.value.problems] == [
        (3, "source_case", "required: the case the F1 was exposed to"),
        (3, "province", "required (no source case to take it from)")]
    assert session.scalar(select(func.count()).select_from(Contact)) == 1
