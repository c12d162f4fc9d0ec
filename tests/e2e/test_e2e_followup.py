"""A station nurse on her phone: the day's follow-up list, a call and a positive test recorded
from the rows, and the person registered as a case."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from stores import ONLY_SQLITE
from test_e2e_product import serious_violations

from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.contacts import service as contacts

pytestmark = pytest.mark.e2e

CASES = """case_id,report_date,province,district,ward,onset_date
A1,2021-11-05,Hà Nội,Cầu Giấy,Dịch Vọng,2021-11-03
"""


@pytest.fixture
def followed(session, write_csv):
    import_cases(session, write_csv(CASES), scope=SYSTEM)
    for code, name, exposure, found in (("F-B", "Đỗ Thị Hằng", "2021-11-02", "2021-11-02"),
                                        ("F-E", "Vũ Văn Khoa", "2021-11-09", "2021-11-10")):
        contacts.add_contact(session, scope=SYSTEM, values={
            "contact_code": code, "source_case": "A1", "exposure_date": exposure,
            "identified_on": found, "relation": "household", "name": name,
            "phone": "0912345678", "district": "Cầu Giấy", "ward": "Dịch Vọng",
            "team": "Tổ 1"})
    session.commit()


def no_horizontal_overflow(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_nurse_records_a_call_and_a_positive_test_and_registers_a_case(
        page, live_server, followed, make_user):
    email, password = make_user("station", "Hà Nội", "Cầu Giấy", ["Dịch Vọng"])
    page.goto(f"{live_server}/followup")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(f"{live_server}/followup")
    # The list opens on the latest reporting day in the data (5/11), not the clock's day:
    # F-B (found 2/11) is followed, F-E is not found yet.
    expect(page.get_by_label("Ngày", exact=True)).to_have_value("05/11/2021")
    expect(page.locator("article.person")).to_have_count(1)
    expect(page.locator("article.person").first).to_have_attribute("data-code", "F-B")

    # Typed the Vietnamese way, applied on leaving the field (the list's address keeps the ISO
    # day).
    page.get_by_label("Ngày", exact=True).fill("10/11/2021")
    page.get_by_label("Ngày", exact=True).press("Tab")
    expect(page).to_have_url(re.compile(r"/followup\?date=2021-11-10"))
    rows = page.locator("article.person")
    expect(rows).to_have_count(2)
    # Compact: the list starts above the fold of a 390×844 phone, and each card's actions
    # take two lines (call, test) of buttons.
    first = rows.first.bounding_box()
    assert first["y"] < 844, first
    for form in rows.first.locator("form.acts").all():
        shown = form.locator("button:visible, summary:visible").all()
        buttons = [x.bounding_box()["y"] for x in shown]
        assert max(buttons) - min(buttons) < 10, buttons  # one line each
    expect(rows.first).to_have_attribute("data-code", "F-B")  # missed test and call first
    expect(page.get_by_test_id("call-due")).to_have_text("2")
    expect(page.get_by_test_id("call-missed")).to_have_text("1")
    no_horizontal_overflow(page)

    b = page.locator('article[data-code="F-B"]')
    expect(b.get_by_role("link", name="0912345678")).to_have_attribute("href", "tel:0912345678")
    expect(b).to_contain_text("lỡ gọi")
    b.get_by_role("button", name="Khỏe", exact=True).click()
    expect(b).not_to_contain_text("lỡ gọi")
    expect(b).to_contain_text("lỡ xét nghiệm")
    expect(page.get_by_test_id("call-due")).to_have_text("1")
    expect(page.get_by_test_id("call-missed")).to_have_text("0")

    e = page.locator('article[data-code="F-E"]')
    expect(e).to_contain_text("cần xét nghiệm")
    # "Positive" asks first; confirmed, it can be undone for a few minutes.
    e.get_by_text("Dương tính…").click()
    expect(e).to_contain_text("Ghi kết quả dương tính?")
    expect(e).not_to_contain_text("xét nghiệm dương tính")
    e.get_by_role("button", name="Xác nhận dương tính").click()
    expect(e).to_contain_text("xét nghiệm dương tính")
    expect(e.get_by_test_id("next-test")).to_have_text("Xét nghiệm tiếp theo: —")
    expect(page.get_by_test_id("test-due")).to_have_text("0")
    e.get_by_role("button", name="Hoàn tác").click()
    expect(e.get_by_test_id("undone")).to_contain_text("Dương tính")
    expect(e).not_to_contain_text("xét nghiệm dương tính")
    expect(page.get_by_test_id("test-due")).to_have_text("1")
    e.get_by_text("Dương tính…").click()
    e.get_by_role("button", name="Xác nhận dương tính").click()
    expect(e).to_contain_text("xét nghiệm dương tính")
    expect(e).not_to_contain_text("lỡ xét nghiệm")
    no_horizontal_overflow(page)
    assert serious_violations(page) == []
    e.get_by_role("link", name="Đăng ký thành ca bệnh").click()

    expect(page).to_have_url(f"{live_server}/contacts/F-E#become-case")
    expect(page.get_by_test_id("policy")).to_contain_text("5599/BYT-MT")
    expect(page.locator("#tests")).to_contain_text("dương tính")
    expect(page.get_by_label("Ngày báo cáo")).to_have_value("10/11/2021")
    no_horizontal_overflow(page)
    page.locator("#become-case").get_by_role("button", name="Đăng ký thành ca bệnh").click()

    expect(page).to_have_url(re.compile(r"/cases/[^/?]+\?saved=1$"))
    expect(page.get_by_test_id("case-name")).to_have_text("Vũ Văn Khoa")
    case_id = re.search(r"/cases/([^/?]+)\?", page.url).group(1)
    page.goto(f"{live_server}/contacts/F-E")
    expect(page.get_by_test_id("own-case")).to_have_text(case_id)
    expect(page.get_by_test_id("contact-status")).to_have_text("đã thành ca bệnh")
    page.goto(f"{live_server}/followup?date=2021-11-10")
    expect(page.locator("article.person")).to_have_count(1)


def test_the_contact_pages_own_form_asks_before_a_positive_and_can_undo_it(
        page, live_server, followed, make_user):
    """The "record a check" form of a contact's page records a positive only once it is
    confirmed, like the follow-up cards, and the result just recorded can be undone."""
    email, password = make_user("station", "Hà Nội", "Cầu Giấy", ["Dịch Vọng"])
    page.goto(f"{live_server}/contacts/F-B")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(f"{live_server}/contacts/F-B")
    form = page.locator("#record-check")
    tests = page.locator("#tests")

    def record_positive() -> None:
        form.locator('select[name="kind"]').select_option("test")
        form.locator('select[name="result"]').select_option("positive")
        form.get_by_role("button", name="Ghi nhận").click()

    # Asked, and nothing recorded until confirmed; "Cancel" leaves it so.
    record_positive()
    ask = page.get_by_test_id("confirm-positive")
    expect(ask).to_contain_text("Ghi kết quả dương tính?")
    expect(tests).not_to_contain_text("dương tính")
    expect(page.locator("#checks")).to_contain_text("Chưa ghi nhận")
    assert serious_violations(page) == []
    ask.get_by_role("link", name="Hủy").click()
    expect(page).to_have_url(f"{live_server}/contacts/F-B")
    expect(page.get_by_test_id("confirm-positive")).to_have_count(0)
    expect(tests).not_to_contain_text("dương tính")

    record_positive()
    page.get_by_test_id("confirm-positive").get_by_role(
        "button", name="Xác nhận dương tính").click()
    expect(page).to_have_url(re.compile(r"/contacts/F-B\?saved=1&recorded=\d+#record-check$"))
    expect(page.get_by_test_id("recorded")).to_have_text("Đã ghi: Xét nghiệm · dương tính")
    expect(tests).to_contain_text("dương tính")
    no_horizontal_overflow(page)
    assert serious_violations(page) == []

    page.get_by_role("button", name="Hoàn tác").click()
    expect(page.get_by_test_id("undone")).to_have_text("Đã hoàn tác kết quả.")
    expect(tests).not_to_contain_text("dương tính")
    expect(page.get_by_test_id("recorded")).to_have_count(0)

    # A result other than positive is recorded at once, and offered for undo too.
    form.locator('select[name="kind"]').select_option("call")
    form.locator('select[name="result"]').select_option("well")
    form.get_by_role("button", name="Ghi nhận").click()
    expect(page.get_by_test_id("recorded")).to_have_text("Đã ghi: Gọi điện · nghe máy, bình thường")


# On SQLite only (tests/stores.py): the subject is the date fields and their calendar; a
# check recorded by the form is stored on both stores by the nurse's test above.
@ONLY_SQLITE
def test_dates_are_written_and_picked_the_vietnamese_way(browser, page, live_server, followed,
                                                         make_user):
    """Date fields of Vietnamese pages read dd/mm/yyyy with a calendar beside them, on a phone
    (a contact's check) and on a laptop (the dashboard's day, within its first and last day);
    the form still sends the ISO day. English pages keep the browser's date input."""
    email, password = make_user("station", "Hà Nội", "Cầu Giấy", ["Dịch Vọng"])
    page.goto(f"{live_server}/contacts/F-B")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    form = page.locator("#record-check")
    day = form.get_by_label("Ngày", exact=True)
    expect(day).to_have_value("05/11/2021")  # the latest reporting day in the data
    expect(form.locator('input[type=hidden][name="date"]')).to_have_value("2021-11-05")
    opener = form.get_by_role("button", name="Mở lịch")
    # Its picture is drawn (an SVG), not an emoji that draws as a box without an emoji font.
    assert opener.text_content() == ""
    expect(opener.locator('svg[aria-hidden="true"]')).to_have_count(1)
    opener.click()
    calendar = form.locator(".datefield-panel")
    expect(calendar).to_contain_text("Tháng 11/2021")
    expect(calendar.get_by_role("button", name="5/11/2021", exact=True)).to_have_attribute(
        "aria-pressed", "true")
    box = calendar.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    no_horizontal_overflow(page)
    assert serious_violations(page) == []
    calendar.get_by_role("button", name="Tháng trước").click()
    expect(calendar).to_contain_text("Tháng 10/2021")
    calendar.get_by_role("button", name="Tháng sau").click()
    calendar.get_by_role("button", name="4/11/2021", exact=True).click()
    expect(calendar).to_have_count(0)
    expect(day).to_have_value("04/11/2021")
    expect(form.locator('input[type=hidden][name="date"]')).to_have_value("2021-11-04")
    form.locator('select[name="result"]').select_option("well")
    form.get_by_role("button", name="Ghi nhận").click()
    expect(page.locator("#checks")).to_contain_text("4/11/2021 Gọi điện: nghe máy, bình thường")
    # A day that does not exist is not sent.
    day.fill("31/11/2021")
    form.get_by_role("button", name="Ghi nhận").click()
    assert page.evaluate("document.querySelector('#record-check input.datefield')"
                         ".validity.valid") is False
    page.goto(f"{live_server}/contacts/F-B?lang=en")
    expect(page.locator('#record-check input[name="date"]')).to_have_attribute("type", "date")
    page.goto(f"{live_server}/contacts/F-B?lang=vi")

    laptop = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    email, password = make_user("province", "Hà Nội")
    laptop.goto(f"{live_server}/")
    laptop.get_by_role("link", name="Đăng nhập").first.click()
    laptop.get_by_label("Email").fill(email)
    laptop.get_by_label("Mật khẩu").fill(password)
    laptop.get_by_role("button", name="Đăng nhập").click()
    picker = laptop.get_by_test_id("day-picker")
    expect(picker).to_have_value("05/11/2021")
    laptop.get_by_role("button", name="Mở lịch").click()
    calendar = laptop.locator(".datefield-panel")
    # The dashboard has no day after its last reporting day.
    expect(calendar.get_by_role("button", name="6/11/2021", exact=True)).to_be_disabled()
    assert serious_violations(laptop) == []
    calendar.get_by_role("button", name="3/11/2021", exact=True).click()
    laptop.get_by_role("button", name="Xem").click()
    expect(laptop).to_have_url(f"{live_server}/?date=2021-11-03")
    expect(laptop.get_by_test_id("day-picker")).to_have_value("03/11/2021")
    laptop.context.close()
