"""What anyone does on the public levels page of the demo, at phone width: read the week's levels
of Hà Nội's wards, filter the red ones, and open Phú Đô's history with its decision."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from episurv.geo.units import WARD, register
from episurv.setup import build_demo

pytestmark = pytest.mark.e2e


def test_public_levels_page_of_the_demo_and_a_wards_history(page, live_server, db):
    build_demo(2000, seed=7, url=db)
    phu_do = register().resolve("Phú Đô", WARD, province=1).code

    page.goto(f"{live_server}/public/levels")
    # The page opens on the latest reporting day of the demo, not on today.
    expect(page.get_by_test_id("week")).to_have_text("21/11/2021")
    expect(page.get_by_role("heading", name="Cấp độ dịch: Hà Nội")).to_be_visible()
    chip = page.locator(f'li[data-unit="{phu_do}"]')
    expect(chip).to_have_attribute("data-level", "4")
    expect(chip).to_have_class(re.compile(r"\blv4\b"))
    expect(chip).to_contain_text("theo quyết định")
    total = sum(int(page.locator(f'[data-testid="counts"] li[data-level="{k}"] .n')
                    .inner_text()) for k in ("1", "2", "3", "4", "none"))
    assert total == 579
    assert page.locator(".level-grid li").count() == 579
    expect(page.get_by_test_id("policy")).to_contain_text("QD-4800-2021")

    # Only the red wards.
    page.locator("select[name=level]").select_option("4")
    page.get_by_role("button", name="Xem").click()
    expect(page).to_have_url(re.compile(r"level=4"))
    red = page.locator(".level-grid li")
    expect(red.first).to_be_visible()
    levels = red.evaluate_all("els => els.map(e => e.dataset.level)")
    assert levels and set(levels) == {"4"}
    assert len(levels) == int(page.locator('[data-testid="counts"] li[data-level="4"] .n')
                              .inner_text())

    # Phú Đô: its level by decision, the criteria, the history chart and the change up.
    page.locator(f'li[data-unit="{phu_do}"] a').click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Phường Phú Đô")
    expect(page.get_by_test_id("level")).to_have_text("Cấp độ 4")
    expect(page.get_by_test_id("decision")).to_contain_text("13/11/2021")
    expect(page.get_by_test_id("decision")).to_contain_text("ổ dịch Phú Đô")
    expect(page.locator('[data-testid="criteria"] li[data-key="cases"]')).to_contain_text(
        "ca cộng đồng/100.000 dân trong 7 ngày")
    expect(page.locator('[data-testid="criteria"] li[data-key="decision"]')).to_contain_text(
        "quyết định: cấp độ 4 từ 13/11/2021")
    assert page.locator('.chart[data-chart="levels"] svg').count() == 1
    expect(page.locator("#weeks tbody tr")).to_have_count(26)
    expect(page.locator('#weeks tr[data-week="2021-11-21"]')).to_contain_text("theo quyết định")
    up = page.locator('#changes li[data-direction="up"]').last
    expect(up).to_contain_text("13/11/2021")
    expect(up).to_contain_text("→ 4")
