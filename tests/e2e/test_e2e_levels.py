"""What anyone does on the public levels page of the demo, at phone width: read the week's levels
of Hà Nội's wards, filter the red ones, and open Phú Đô's history with its decision.

On SQLite only: the subject is the pages (the grid, the filter, a ward's history, a decision
set by its form, the map's level layer). The levels they show are computed, decided and stored
on both stores by tests/levels/ (the service, its API and pages, a decision through the API).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from stores import ONLY_SQLITE

from episurv.geo.units import WARD, register

pytestmark = [pytest.mark.e2e, ONLY_SQLITE]


# One worker runs the tests of this demo (here and in tests/web/test_privacy.py), under
# `--dist loadgroup` (the Makefile's): its build is made once per store and copied back.
DEMO_2000_7 = pytest.mark.xdist_group("demo_2000_7")


@DEMO_2000_7
def test_public_levels_page_of_the_demo_and_a_wards_history(page, live_server, db,
                                                             demo_builds):
    demo_builds(2000, 7, db)
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


@DEMO_2000_7
def test_a_cdc_sets_a_wards_level_by_decision(page, live_server, db, make_user, demo_builds):
    demo_builds(2000, 7, db)
    dai_mo = register().resolve("Đại Mỗ", WARD, province=1).code
    email, password = make_user("province", "Hà Nội")
    page.goto(f"{live_server}/levels/ward/{dai_mo}?date=2021-11-21")
    expect(page).to_have_url(re.compile(r"/signin\?next="))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"{live_server}/levels/ward/{dai_mo}?date=2021-11-21")
    page.get_by_text("Đặt cấp độ theo quyết định").click()
    page.locator("select[name=level]").select_option("3")
    page.locator("input[name=valid_from] + input.datefield").fill("20/11/2021")
    page.get_by_label("Lý do").fill("chùm ca mới tại chợ, chưa rõ nguồn lây")
    page.get_by_label("Số văn bản").fill("CV 45/TTYT")
    page.get_by_role("button", name="Đặt cấp độ", exact=True).click()
    expect(page.get_by_test_id("level")).to_have_text("Cấp độ 3")
    expect(page.get_by_test_id("decision")).to_contain_text("chùm ca mới tại chợ")
    expect(page.get_by_test_id("decision")).to_contain_text("20/11/2021")
    # Anyone sees it on the public page, without who decided.
    page.goto(f"{live_server}/public/levels?date=2021-11-21")
    expect(page.locator(f'li[data-unit="{dai_mo}"]')).to_have_attribute("data-level", "3")
    page.goto(f"{live_server}/public/levels/ward/{dai_mo}?date=2021-11-21")
    expect(page.get_by_test_id("decision")).to_contain_text("CV 45/TTYT")
    assert email not in page.content()


def test_the_map_switches_to_the_level_layer(page, live_server, db, write_csv):
    """The small test boundary file (Ba Đình, Hoàn Kiếm, Tây Hồ): the map opens on cases per
    100,000, and the switch draws each district in its level's colour with the legend."""
    from datetime import date
    from pathlib import Path

    from episurv.accounts.scope import SYSTEM
    from episurv.cases.importer import import_cases
    from episurv.db import session_scope
    from episurv.geo.service import import_boundaries
    from episurv.levels import service
    from episurv.levels.inputs import import_coverage

    with session_scope(db) as s:
        import_cases(s, write_csv("case_id,report_date,province,district,detected_in\n"
                                  "N1,2021-11-07,Hà Nội,Ba Đình,community\n"
                                  "N2,2021-11-06,Hà Nội,Ba Đình,community\n"
                                  "N3,2021-11-06,Hà Nội,Hoàn Kiếm,quarantine"), scope=SYSTEM)
        # Ba Đình: 2 cases, 0.9 per 100,000 -> level 1, 65+ coverage short -> level 2.
        import_coverage(s, write_csv("province,district,date,adult_dose1_pct,elderly_full_pct\n"
                                     "Hà Nội,Ba Đình,2021-11-01,90,70", "coverage.csv"),
                        scope=SYSTEM)
        service.set_decision(s, scope=SYSTEM, unit="district", code=3, level=4,
                             valid_from=date(2021, 11, 5), reason="cụm ca ở chợ Quảng An")
        import_boundaries(s, Path(__file__).parents[1] / "maps" / "hanoi_districts.geojson",
                          province="Hà Nội")

    page.goto(f"{live_server}/public/map")
    expect(page.locator(".vega-live.live")).to_have_count(1)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Số ca mắc trên 100.000 dân")
    page.get_by_label("Cấp độ dịch").check()
    page.get_by_role("button", name="Xem").click()
    expect(page).to_have_url(re.compile(r"layer=level"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Cấp độ dịch: Hà Nội")
    expect(page.locator(".vega-live.live")).to_have_count(1)
    fills = {name: page.locator(f'.vega-live path[aria-label*="{name}"]').first
             .get_attribute("fill") for name in ("Ba Đình", "Hoàn Kiếm", "Tây Hồ")}
    assert fills == {"Ba Đình": "#f2c40f", "Hoàn Kiếm": "#1a9850", "Tây Hồ": "#d73027"}
    expect(page.locator(".vega-live")).to_contain_text("Cấp 4 – nguy cơ rất cao")
    expect(page.locator('#map-units tr[data-code="3"] td[data-level]')).to_have_text("4")
