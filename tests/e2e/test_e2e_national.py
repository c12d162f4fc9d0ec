"""What a provincial officer and a ministry analyst do in the browser, at phone width: send the
day's figures through the form, correct one, and read the national report that reflects them."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def sign_in(page, base, email, password, target):
    page.goto(f"{base}{target}")
    expect(page).to_have_url(re.compile(r"/signin\?next="))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def test_figures_sent_by_form_appear_in_the_national_report(page, live_server, make_user):
    email, password = make_user("province", "Hà Nội")
    sign_in(page, live_server, email, password, "/figures")
    page.goto(f"{live_server}/figures?date=2021-11-07")
    page.get_by_label("Ca mới", exact=True).fill("12")
    page.get_by_label("Cộng đồng (đang điều tra dịch tễ)").fill("5")
    page.get_by_label("Khu cách ly, phong tỏa").fill("9")
    page.get_by_label("Tử vong").fill("1")
    page.get_by_role("button", name="Gửi số liệu").click()
    # 5 + 9 is not 12: the field is named, nothing is saved, what was typed stays.
    expect(page.get_by_test_id("errors")).to_contain_text("Ca mới")
    expect(page.locator("#e-new_cases")).to_contain_text("(14)")
    expect(page.get_by_label("Khu cách ly, phong tỏa")).to_have_value("9")
    page.get_by_label("Khu cách ly, phong tỏa").fill("7")
    page.get_by_role("button", name="Gửi số liệu").click()
    expect(page.get_by_test_id("saved")).to_contain_text("4 mới")
    expect(page.locator("#history tbody tr")).to_have_count(4)

    page.goto(f"{live_server}/national?date=2021-11-07")
    expect(page.get_by_test_id("new-cases")).to_have_text("12")
    expect(page.get_by_test_id("deaths")).to_have_text("1")
    row = page.locator('#provinces tr[data-province="1"]')
    expect(row).to_contain_text("Hà Nội")
    expect(row.locator("td").nth(1)).to_have_text("12")
    assert page.locator('.chart[data-chart="epi_curve"] > svg').count() == 1

    # A correction shows in the report at once; the version before it stays readable.
    page.goto(f"{live_server}/figures?date=2021-11-07")
    page.get_by_label("Ca mới", exact=True).fill("13")
    page.get_by_label("Cộng đồng (đang điều tra dịch tễ)").fill("6")
    page.get_by_label("Ghi chú (lý do sửa số liệu)").fill("một ca báo muộn")
    page.get_by_role("button", name="Gửi số liệu").click()
    expect(page.get_by_test_id("saved")).to_contain_text("2 sửa")
    expect(page.locator("#history")).to_contain_text("một ca báo muộn")
    page.goto(f"{live_server}/national?date=2021-11-07")
    expect(page.get_by_test_id("new-cases")).to_have_text("13")
    page.locator("main details summary").click()  # not the menu's "More"
    page.locator("main details li a").last.click()  # the oldest version: the first submission
    expect(page.get_by_test_id("new-cases")).to_have_text("12")
    expect(page.get_by_test_id("version")).to_contain_text("Số liệu như tại thời điểm")
    # Phone width: nothing wider than the screen (tables and charts scroll or shrink).
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
