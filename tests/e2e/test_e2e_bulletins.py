"""A CDC officer pastes a published bulletin, sees the spans the parser understood
highlighted next to the reading, confirms, and sees it stored."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from test_e2e_product import serious_violations

pytestmark = pytest.mark.e2e

HANOI = Path(__file__).parents[1] / "bulletins" / "corpus" / "01-hanoi-daily.txt"


def test_paste_review_highlighted_spans_confirm_and_store(page, live_server, make_user):
    email, password = make_user("province")
    page.goto(f"{live_server}/bulletins/review")
    expect(page).to_have_url(re.compile(r"/signin\?next=/bulletins/review"))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(f"{live_server}/bulletins/review")

    page.get_by_label("Nội dung bản tin").fill(HANOI.read_text(encoding="utf-8"))
    page.get_by_role("button", name="Đọc", exact=True).click()
    highlighted = page.get_by_test_id("highlighted")
    expect(highlighted.locator('mark[data-field="community"]').first).to_have_text("38")
    expect(highlighted.locator('mark[data-field="quarantine"]').first).to_have_text("27")
    expect(highlighted.locator('mark[data-field="community_by_unit"]')).to_contain_text(
        "Hoàng Mai 9")
    expect(page.get_by_test_id("field-new_cases")).to_have_text("65")
    expect(page.get_by_test_id("status")).to_have_text("Mọi kiểm tra đều đạt.")
    # What each check found, in Vietnamese (its details were English sentences).
    expect(page.get_by_test_id("checks")).to_contain_text("(2.018 + 3.102 = 5.120, tổng số 5.120)")
    assert serious_violations(page) == []

    page.get_by_role("button", name="Xác nhận và lưu").click()
    expect(page.get_by_role("status")).to_have_text("Đã lưu: city_daily:1:2021-11-09")
    expect(page.get_by_test_id("figures")).to_have_text("13")
    expect(page.get_by_test_id("clusters-created")).to_have_text("chợ Hôm, Định Công")
