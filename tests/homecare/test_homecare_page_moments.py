"""The date and time typed into the nurse's forms (the worklist's moment, when a check-in was
measured) read a day as the other date fields do, with its time after it ("12/11/2021 09:05"
as well as the browser's "2021-11-12T09:05"), and one that writes none is refused naming the
field and why in the page's language; they read ISO only and said "is not a date and time
(YYYY-MM-DDTHH:MM)"."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from episurv.core.days import typed_moment
from episurv.homecare.models import CheckIn
from homecare.test_homecare_pages import csrf_of, nurse  # noqa: F401 - the fixture


def test_a_moment_is_read_in_the_forms_a_day_is_written_in():
    assert typed_moment("7/11/2021 14:30") == datetime(2021, 11, 7, 14, 30)
    assert typed_moment("ngày 07/11/2021 14:30") == datetime(2021, 11, 7, 14, 30)
    assert typed_moment("2021-11-07T14:30") == datetime(2021, 11, 7, 14, 30)
    assert typed_moment("07-11-2021 8:05:09") == datetime(2021, 11, 7, 8, 5, 9)
    assert typed_moment("7/11/2021") == datetime(2021, 11, 7)  # its midnight, as ISO's
    for none in ("7/11/2021 25:00", "7/11/2021 14:30:61", "44507.75", "14:30", "hôm qua"):
        assert typed_moment(none) is None, none


def test_the_worklist_and_a_checkin_read_a_vietnamese_moment(nurse, at_home,  # noqa: F811
                                                             session):
    sid, pid = at_home["station"].id, at_home["f0"].id
    page = nurse.get(f"/stations/{sid}/worklist", params={"at": "12/11/2021 09:00"})
    assert page.status_code == 200
    assert 'data-testid="n-missed">1<' in page.text  # as at 2021-11-12T09:00
    saved = nurse.post(f"/stations/{sid}/checkins", data={
        "csrf_token": csrf_of(page.text), "person_id": str(pid),
        "measured_at": "12/11/2021 09:05", "spo2": "97"}, follow_redirects=False)
    assert saved.status_code == 303
    session.expire_all()
    measured = session.scalars(select(CheckIn.measured_at)
                               .where(CheckIn.person_id == pid)).one()
    # 09:05 in Hà Nội, 02:05 UTC (SQLite gives it back naive, in UTC).
    aware = measured if measured.tzinfo else measured.replace(tzinfo=UTC)
    assert aware == datetime(2021, 11, 12, 2, 5, tzinfo=UTC)


def test_a_moment_that_is_none_is_named_in_either_language(nurse, at_home):  # noqa: F811
    sid, pid = at_home["station"].id, at_home["f0"].id
    token = csrf_of(nurse.get(f"/stations/{sid}/worklist").text)
    refused = nurse.post(f"/stations/{sid}/checkins", data={
        "csrf_token": token, "person_id": str(pid), "measured_at": "31/11/2021 09:05",
        "spo2": "97"})
    assert ("ô measured_at “31/11/2021 09:05”: không có ngày này: tháng 11 năm 2021 chỉ có "
            "30 ngày") in refused.text
    english = nurse.get(f"/stations/{sid}/worklist", params={"at": "sáng nay", "lang": "en"})
    assert english.status_code == 422
    assert ("at “sáng nay”: not a date and time (day, month, year and hour: 7/11/2021 14:30 or "
            "2021-11-07T14:30)") in english.text
