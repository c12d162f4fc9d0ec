"""What a CDC epidemiologist does in the browser: sign in, read the dashboard, find and edit a
case, see its history; what a district user and the public may see."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from test_e2e_product import serious_violations

from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from handmade import LINE_LIST

pytestmark = pytest.mark.e2e


@pytest.fixture
def loaded(session, write_csv):
    import_cases(session, scope=SYSTEM, path=write_csv(LINE_LIST))
    session.commit()


def sign_in(page, base, email, password):
    page.goto(f"{base}/cases")
    expect(page).to_have_url(re.compile(r"/signin\?next=/cases"))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(f"{base}/cases")


def test_sign_in_dashboard_filter_edit_history_and_stale_edit(page, browser, live_server,
                                                              loaded, make_user):
    email, password = make_user("province")
    sign_in(page, live_server, email, password)

    page.goto(f"{live_server}/?date=2021-11-07")
    expect(page.get_by_test_id("new-cases")).to_have_text("7")
    expect(page.locator("#districts tbody tr").first).to_contain_text("Hà Đông")
    assert page.locator(".chart > svg").count() == 1  # the server's SVG (the live one is beside it)

    page.goto(f"{live_server}/cases")
    page.get_by_label("Quận, huyện").select_option(label="Hà Đông")
    expect(page.locator("table.cases tbody tr")).to_have_count(3)
    expect(page).to_have_url(re.compile(r"district=268"))

    # The case opens read-only; Edit opens the form.
    page.get_by_role("link", name="A11").click()
    expect(page.get_by_test_id("case-outcome")).to_have_text("đang điều trị")
    expect(page.get_by_label("Tuổi")).to_have_count(0)
    assert serious_violations(page) == []
    page.get_by_test_id("edit").click()
    expect(page).to_have_url(f"{live_server}/cases/A11/edit")
    assert serious_violations(page) == []
    # An outcome without its date is refused, and what was typed stays in the form.
    page.get_by_label("Tuổi").fill("61")
    page.locator("select[name=outcome]").select_option("recovered")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id("error")).to_contain_text(
        "Ngày kết cục: bắt buộc khi kết cục là “khỏi bệnh”")
    expect(page.get_by_label("Tuổi")).to_have_value("61")
    expect(page.locator("select[name=outcome]")).to_have_value("recovered")
    page.get_by_label("Ngày kết cục").fill("20/11/2021")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("status")).to_have_text("Đã lưu.")
    expect(page.get_by_test_id("case-outcome")).to_have_text("khỏi bệnh")
    expect(page.get_by_test_id("case-outcome_date")).to_have_text("20/11/2021")
    expect(page.locator("#history")).to_contain_text("Tuổi: — → 61")

    # A colleague edits the same case in another window first; this edit is then stale.
    other = browser.new_context().new_page()
    sign_in(other, live_server, email, password)
    other.goto(f"{live_server}/cases/A11/edit")
    page.goto(f"{live_server}/cases/A11/edit")
    other.get_by_label("Tuổi").fill("62")
    other.get_by_role("button", name="Lưu").click()
    expect(other.get_by_role("status")).to_have_text("Đã lưu.")
    page.get_by_label("Tuổi").fill("63")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id("error")).to_contain_text("đã được người khác sửa")
    expect(page.get_by_label("Tuổi")).to_have_value("62")
    other.context.close()


def test_district_user_cannot_open_another_district(page, live_server, loaded, make_user):
    email, password = make_user("district", "Hà Nội", "Ba Đình")
    sign_in(page, live_server, email, password)
    expect(page.locator("table.cases tbody tr")).to_have_count(2)  # A4, A3
    response = page.goto(f"{live_server}/cases/A1")
    assert response.status == 404
    expect(page.get_by_role("alert")).to_contain_text("không có ca bệnh 'A1'")


def test_public_report_and_language_switch(page, live_server, loaded):
    page.goto(f"{live_server}/public/report?province=H%C3%A0%20N%E1%BB%99i&date=2021-11-07")
    expect(page.get_by_test_id("new-cases")).to_have_text("7")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tình hình dịch COVID-19: Hà Nội")
    page.get_by_test_id("lang-en").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("COVID-19 situation: Hà Nội")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # The page fits a phone: nothing wider than the screen but the scrollable tables.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
