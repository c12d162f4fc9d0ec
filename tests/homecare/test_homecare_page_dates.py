"""The date fields of the nurse's forms (test, release, outcome, medicines) read a day in the
forms the imports and the other pages read ("7 tháng 11 năm 2021", "19/11/2021"), and name a
day no calendar has with its month's length in the page's language; they read ISO only and
said "is not a date (YYYY-MM-DD)" of anything else."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from episurv.homecare.models import RapidTest
from homecare.test_homecare_pages import csrf_of, nurse  # noqa: F401 - the fixture


def test_a_test_day_in_words_is_read(nurse, at_home, session):  # noqa: F811
    sid, pid = at_home["station"].id, at_home["f0"].id
    token = csrf_of(nurse.get(f"/stations/{sid}/people/{pid}").text)
    saved = nurse.post(f"/stations/{sid}/people/{pid}/tests", data={
        "csrf_token": token, "date": "ngày 12 tháng 11 năm 2021", "result": "negative"},
        follow_redirects=False)
    assert saved.status_code == 303
    session.expire_all()
    assert session.scalars(select(RapidTest.day).where(RapidTest.person_id == pid)).all() == [
        date(2021, 11, 12)]


def test_an_impossible_day_is_named_and_nothing_saved(nurse, at_home, session):  # noqa: F811
    sid, pid = at_home["station"].id, at_home["f0"].id
    token = csrf_of(nurse.get(f"/stations/{sid}/people/{pid}").text)
    refused = nurse.post(f"/stations/{sid}/people/{pid}/tests", data={
        "csrf_token": token, "date": "31/11/2021", "result": "negative"})
    assert refused.status_code == 422
    assert ("ô date “31/11/2021”: không có ngày này: tháng 11 năm 2021 chỉ có 30 ngày"
            in refused.text)
    english = nurse.post(f"/stations/{sid}/people/{pid}/release?lang=en", data={
        "csrf_token": token, "date": "2021-02-29"})
    assert english.status_code == 422
    assert "date “2021-02-29”: no such day: month 2 of 2021 has 28 days" in english.text
    session.expire_all()
    assert session.scalars(select(RapidTest.day).where(RapidTest.person_id == pid)).all() == []
