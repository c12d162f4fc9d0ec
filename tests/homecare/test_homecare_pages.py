"""The nurse's pages through HTTP with a real sign-in: the worklist, a check-in recorded from it
turning red at the top, intake criteria, package B refused with its reason, release and the
printable certificate; and the personal page, which shows nothing personal."""

from __future__ import annotations

import re
from datetime import date

import pytest
import signing

from episurv.accounts.scope import SYSTEM
from episurv.homecare import service as hc


@pytest.fixture
def nurse(anonymous, make_user):
    email, password = make_user("station", "Hà Nội", "Ba Đình", ["Cống Vị"])
    response = signing.sign_in(anonymous, email, password)
    assert response.status_code == 303
    return anonymous


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_a_red_checkin_from_the_worklist_goes_to_the_top(nurse, at_home, session):
    sid, pid = at_home["station"].id, at_home["f0"].id
    # A station account with one station lands on its worklist.
    first = nurse.get("/stations", follow_redirects=False)
    assert first.headers["location"] == f"/stations/{sid}/worklist"
    page = nurse.get(f"/stations/{sid}/worklist", params={"at": "2021-11-12T09:00"})
    assert page.status_code == 200
    assert 'data-testid="n-missed">1<' in page.text  # nothing since day 1: 08:00 on 11/11
    form = {"csrf_token": csrf_of(page.text), "person_id": str(pid),
            "measured_at": "2021-11-12T09:05", "spo2": "95", "pulse": "88",
            "symptoms": ["cough"]}
    saved = nurse.post(f"/stations/{sid}/checkins", data=form, follow_redirects=False)
    assert saved.status_code == 303
    page = nurse.get(f"/stations/{sid}/worklist")
    first_item = page.text.split('class="person ')[1]
    assert first_item.startswith("red") and "SpO2 95% ≤ 96% (chưa đo lại)" in first_item
    assert "chuyển viện ngay" in first_item


def test_intake_release_certificate_and_package_b(nurse, at_home, session):
    sid, pid = at_home["station"].id, at_home["f0"].id
    page = nurse.get(f"/stations/{sid}/people/{pid}")
    assert "đã tiêm đủ liều vắc xin" in page.text  # the 4038 criterion, met
    token = csrf_of(page.text)
    refused = nurse.post(f"/stations/{sid}/people/{pid}/dispense", data={
        "csrf_token": token, "date": "2021-12-02", "package": "B"})
    assert refused.status_code == 422
    assert "không cấp được túi thuốc B: túi thuốc B cần có chỉ định của bác sĩ" in refused.text
    # The refused form keeps the day and the package chosen.
    form = refused.text[refused.text.index('id="dispense"'):]
    form = form[:form.index("</form>")]
    assert 'value="2021-12-02"' in form and "<option selected>B</option>" in form
    early = nurse.post(f"/stations/{sid}/people/{pid}/release", data={
        "csrf_token": token, "date": "2021-11-18"})
    assert early.status_code == 422 and "cách ly đến ngày thứ 10" in early.text
    hc.record_test(session, scope=SYSTEM, province_code=1, person_id=pid,
                   day=date(2021, 11, 19), result="negative")
    session.commit()
    done = nurse.post(f"/stations/{sid}/people/{pid}/release", data={
        "csrf_token": token, "date": "2021-11-19"}, follow_redirects=False)
    assert done.headers["location"] == f"/stations/{sid}/people/{pid}/certificate"
    cert = nurse.get(done.headers["location"])
    assert "Giấy xác nhận hoàn thành cách ly tại nhà" in cert.text
    assert 'data-testid="cert-name">Nguyễn Văn An<' in cert.text
    assert "19 tháng 11" in cert.text or "19/11/2021" in cert.text


def test_another_station_sees_nothing(anonymous, make_user, at_home):
    email, password = make_user("station", "Hà Nội", "Ba Đình", ["Điện Biên"])
    signing.sign_in(anonymous, email, password)
    sid, pid = at_home["station"].id, at_home["f0"].id
    assert anonymous.get(f"/stations/{sid}/worklist").status_code == 404
    assert anonymous.get(f"/stations/{sid}/people/{pid}").status_code == 404


def test_the_station_page_shows_the_logged_days(nurse, at_home):
    """A logged day is a row of the five tasks' counts (this page failed with a 500 once a day
    was logged: the log form's default day hid the template's date formatter)."""
    sid = at_home["station"].id
    page = nurse.get(f"/stations/{sid}")
    assert page.status_code == 200
    # The page reads as of the data: care began 10/11/2021 and nothing was checked in since.
    assert 'name="date" value="2021-11-10"' in page.text
    for task, count in (("tests", "4"), ("followed", "2")):
        saved = nurse.post(f"/stations/{sid}/log", data={
            "csrf_token": csrf_of(page.text), "date": "2021-11-09", "task": task,
            "count": count}, follow_redirects=False)
        assert saved.status_code == 303
    page = nurse.get(f"/stations/{sid}")
    assert page.status_code == 200
    row = page.text[page.text.index("<td>9/11/2021</td>"):]
    row = row[:row.index("</tr>")]
    # followed, tests, vaccinations, communications, consultations
    assert re.findall(r"<td>(\d+)</td>", row) == ["2", "4", "0", "0", "0"]


def test_the_station_page_reads_its_station_once(nurse, at_home, db):
    """The page's summary, its "now", activity and households each read the station: one query
    for the row (it was four, one per function, each with the scope check)."""
    from sqlalchemy import event

    from episurv.db import get_engine

    reads = []

    def count(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("SELECT") and \
                "FROM homecare_stations" in statement:
            reads.append(statement)

    engine = get_engine(db)
    event.listen(engine, "before_cursor_execute", count)
    try:
        page = nurse.get(f"/stations/{at_home['station'].id}")
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert page.status_code == 200
    assert at_home["station"].name in page.text
    assert len(reads) == 1
