"""A station nurse's day on her phone (390x844): the worklist, a check-in with SpO2 95% that
turns red and goes to the top; the person's own link on a phone, with a check-in made offline
queued and sent when the connection returns (stored once); a release certificate printed."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select
from test_e2e_product import serious_violations

from episurv.accounts.scope import SYSTEM
from episurv.core.time import LOCAL
from episurv.homecare import service as hc
from episurv.homecare.models import CheckIn
from episurv.homecare.schemas import AssessmentIn, CheckInIn, PersonIn

pytestmark = pytest.mark.e2e

GOOD = dict(confirmed_by="rapid", symptoms="mild", resp_rate=18, spo2=98,
            abnormal_breathing=False, underlying="none", listed_disease=False, self_care=True)


@pytest.fixture
def station_day(session):
    """Three F0 at home in Cống Vị; their isolation began 2 and 7 days ago (dates from today:
    a personal link is valid only during the isolation)."""
    today = datetime.now(LOCAL).date()
    s = hc.create_station(session, scope=SYSTEM, name="Trạm lưu động Cống Vị 1", kind="mobile",
                          province="Hà Nội", district="Ba Đình", wards=["Cống Vị"], capacity=80)
    people = {}
    for code, name, days in (("T1-01", "Hoàng Văn Nam", 2), ("T1-02", "Đỗ Thị Lan", 2),
                             ("T1-03", "Vũ Minh Tuấn", 7)):
        h = hc.add_household(session, scope=SYSTEM, station_id=s.id, code=code,
                             ward="Cống Vị", address=f"{code} ngõ 1 Cống Vị")
        p = hc.add_person(session, scope=SYSTEM, province_code=1, household_id=h.id,
                          values=PersonIn(name=name, role="F0", birth_year=1985,
                                          vaccine_doses=2, phone="0912000111"))
        start = today - timedelta(days=days)
        done = hc.assess(session, scope=SYSTEM, province_code=1, person_id=p.id,
                         answers=AssessmentIn(date=start, positive_on=start, **GOOD))
        people[name] = (p.id, done.link, start)
    lan_id, _link, start = people["Đỗ Thị Lan"]
    hc.staff_checkin(session, scope=SYSTEM, province_code=1, person_id=lan_id,
                     values=CheckInIn(measured_at=datetime.combine(start, time(11, 0),
                                                                   tzinfo=LOCAL), spo2=98))
    session.commit()
    return s.id, people


def no_horizontal_overflow(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_station_nurses_day(page, live_server, station_day, make_user, session, db):
    sid, people = station_day
    nam_id, nam_link, _ = people["Hoàng Văn Nam"]
    tuan_id = people["Vũ Minh Tuấn"][0]
    email, password = make_user("station", "Hà Nội", "Ba Đình", ["Cống Vị"])
    refused = []  # what the browser refused or failed: an inline handler the policy blocks
    page.on("console", lambda m: refused.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server}/stations")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(f"{live_server}/stations/{sid}/worklist")
    expect(page.locator("#worklist article.person")).to_have_count(3)
    no_horizontal_overflow(page)
    # The worklist as it stood at another moment: changing the field sends its form.
    page.get_by_label("Tính đến").fill(f"{datetime.now(LOCAL).date().isoformat()}T07:30")
    page.get_by_label("Tính đến").dispatch_event("change")
    expect(page).to_have_url(re.compile(r"/worklist\?at=\d{4}-\d\d-\d\dT07%3A30$"))
    expect(page.get_by_label("Tính đến")).to_have_value(re.compile(r"T07:30$"))
    page.goto(f"{live_server}/stations/{sid}/worklist")

    nam = page.locator(f'article[data-person="{nam_id}"]')
    nam.get_by_text("Ghi một lần theo dõi").click()
    nam.get_by_label("SpO2 (%)").fill("95")
    nam.get_by_label("Mạch (lần/phút)").fill("92")
    nam.get_by_role("button", name="Lưu lần theo dõi").click()

    first = page.locator("#worklist article.person").first
    expect(first).to_have_attribute("data-person", str(nam_id))
    expect(first).to_have_class("person red")
    expect(first).to_contain_text("chuyển viện ngay")
    expect(first).to_contain_text("SpO2 95% ≤ 96% (chưa đo lại)")
    expect(page.get_by_test_id("n-red")).to_have_text("1")
    no_horizontal_overflow(page)

    # The person's own link, on the phone: one check-in sent, one made offline and sent later.
    page.goto(live_server + nam_link)
    expect(page.get_by_role("heading", name="Theo dõi sức khỏe hằng ngày")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Hoàng Văn Nam")
    page.get_by_label("SpO2 (%)").fill("98")
    page.get_by_label("Nhiệt độ (°C)").fill("37.2")
    page.get_by_role("button", name="Gửi").click()
    expect(page.locator("#result")).to_contain_text("Đã gửi")
    no_horizontal_overflow(page)
    page.context.set_offline(True)
    page.get_by_label("SpO2 (%)").fill("97")
    page.get_by_label("ho", exact=True).check()
    page.get_by_role("button", name="Gửi").click()
    expect(page.locator("#result")).to_contain_text("Không có mạng")
    expect(page.locator("#pending")).to_contain_text("1")
    page.context.set_offline(False)
    expect(page.locator("#result")).to_contain_text("Trạm y tế sẽ gọi cho bạn trong hôm nay")
    expect(page.locator("#pending")).to_have_text("")
    from episurv.db import session_scope

    with session_scope(db) as s:
        assert s.scalar(select(func.count()).select_from(CheckIn).where(
            CheckIn.person_id == nam_id, CheckIn.source == "self")) == 2

    # Day 8 of Tuấn's isolation: a supervised negative rapid test, release, the certificate.
    page.goto(f"{live_server}/stations/{sid}/people/{tuan_id}")
    today = datetime.now(LOCAL).date().isoformat()
    test = page.locator("#test")
    assert serious_violations(page) == []  # its date fields with their calendars
    test.get_by_label("Ngày").fill(today)
    test.get_by_label("Kết quả").select_option("negative")
    test.get_by_role("button", name="Lưu xét nghiệm").click()
    expect(page.locator("#tests")).to_contain_text("âm tính")
    release = page.locator("#release")
    release.get_by_label("Ngày").fill(today)
    release.get_by_role("button", name="Kết thúc cách ly và in giấy xác nhận").click()
    expect(page).to_have_url(f"{live_server}/stations/{sid}/people/{tuan_id}/certificate")
    expect(page.get_by_test_id("cert-name")).to_have_text("Vũ Minh Tuấn")
    expect(page.locator("#certificate")).to_contain_text("250/QĐ-BYT")
    no_horizontal_overflow(page)
    # Printing is counted, not done: a headless browser has no printer.
    page.evaluate("() => { window.print = () => { window.printed = (window.printed || 0) + 1; }; }")
    page.get_by_role("button", name="In").click()
    assert page.evaluate("window.printed") == 1
    assert refused == []
    page.emulate_media(media="print")
    expect(page.locator("header.top")).to_be_hidden()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000
