"""Contact lists as 2021 tracing teams wrote them, round 24: the case the F1 were exposed to
named in the list's title only, and a list giving both where ("Nơi cách ly") and how ("Hình
thức cách ly") its F1 are quarantined. Each file is written here, imported and read back."""

from __future__ import annotations

from sqlalchemy import select

from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.contacts.importer import import_contacts
from episurv.contacts.models import Contact
from episurv.contacts.validation import map_headers

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
