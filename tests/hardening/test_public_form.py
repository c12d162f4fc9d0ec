"""The public self-declaration: a notice number out of range is an answer, not a 500; a name
typed decomposed (NFD, as macOS and some phones send Vietnamese) is accepted as NFC."""

from __future__ import annotations

import html
import unicodedata
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.contacts.models import Contact
from episurv.db import session_scope
from episurv.exposures.models import ExposureNotice
from episurv.exposures.service import add_visits, publish_from_case
from episurv.web.i18n import gettext_for

URL = "/api/v1/public/exposures/declarations"


def published(db, tmp_path) -> int:
    path = tmp_path / "cases.csv"
    path.write_text("case_id,report_date,province,district,ward\n"
                    "BN1,2021-11-09,Hà Nội,Cầu Giấy,Nghĩa Đô\n", encoding="utf-8")
    with session_scope(db) as s:
        import_cases(s, path, scope=SYSTEM)
        add_visits(s, scope=SYSTEM, case_id="BN1", visits=[
            {"kind": "visit", "place": "chợ Nghĩa Tân", "district": "Cầu Giấy",
             "ward": "Nghĩa Tân", "day": "2021-11-07", "start": "8h30", "end": "9h15"}])
        notice_id = publish_from_case(s, scope=SYSTEM, case_id="BN1")["published"][0]["id"]
        s.scalar(select(ExposureNotice).where(ExposureNotice.id == notice_id)).day = (
            datetime.now(UTC).date() - timedelta(days=1))
    return notice_id


def test_huge_notice_numbers_are_answers(db, anonymous, tmp_path):
    form = {"notice_id": 10**20, "name": "Đỗ Minh Quân", "phone": "0987111222",
            "ward": "Dịch Vọng", "district": "Cầu Giấy"}
    assert anonymous.post(URL, json=form).status_code == 422
    page = anonymous.post("/public/exposures", data={**form, "notice_id": str(10**20)})
    assert page.status_code == 422
    # The page says it in its own language (the API above names the field).
    refusal = gettext_for("vi")("The declaration could not be recorded; call the hotline.")
    assert html.escape(refusal) in page.text
    assert anonymous.post(URL, json={**form, "notice_id": 2**31 - 1}).status_code == 404


def test_a_name_in_nfd_is_accepted_and_stored_as_nfc(db, anonymous, tmp_path):
    notice_id = published(db, tmp_path)
    form = {"notice_id": notice_id, "name": unicodedata.normalize("NFD", "Đỗ Minh Quân"),
            "phone": "0987111222", "ward": unicodedata.normalize("NFD", "Dịch Vọng"),
            "district": "Cầu Giấy"}
    response = anonymous.post(URL, json=form)
    assert response.status_code == 201, response.text
    with session_scope(db) as s:
        assert s.scalar(select(Contact.name)) == "Đỗ Minh Quân"
