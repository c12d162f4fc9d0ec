"""The product in a real browser on the demo's data: the public landing page and the menus at
phone and laptop width, a chart that answers a hover with the day's figures, and an
accessibility check (axe-core, vendored) of each main page.

On SQLite only: these walks are about the pages (their layout at each width, the menus of each
role, accessibility, a chart's hover), not the store; the demo they show is built and read on
both stores by tests/demo/ and tests/test_demo_builds.py, the pages' figures by tests/web/."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from stores import ONLY_SQLITE

# One worker runs the tests of this demo, under `--dist loadgroup` (the Makefile's): its build
# is made once per store and copied back for each test (tests/demo_builds.py).
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("demo_700_5"), ONLY_SQLITE]

HERE = Path(__file__).parent
AXE = HERE / "vendor" / "axe-4.14.1.min.js"
LAST_DAY = "2021-11-21"


@pytest.fixture
def demo(db, demo_builds):
    demo_builds(700, 5, db)


def sign_in(page, base: str, make_user, role: str, district=None, wards=None) -> None:
    email, password = make_user(role, "Hà Nội", district, wards)
    page.goto(f"{base}/signin")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(f"{base}/")


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page as it stands."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate("""async () => {
        const result = await axe.run(document);
        return {passes: result.passes.length,
                serious: result.violations.filter(v => ["serious", "critical"].includes(v.impact))
                    .map(v => v.id + ": " + v.nodes.slice(0, 3).map(n => n.target.join(" "))
                    .join(", "))};
    }""")
    assert found["passes"] >= 10  # axe did run its rules on this page
    return found["serious"]


def test_public_landing_page_on_a_phone(page, live_server, demo):
    page.goto(f"{live_server}/")
    expect(page.get_by_test_id("landing-day")).to_contain_text("21/11/2021")
    expect(page.locator("#latest-notices li").first).to_be_visible()
    expect(page.get_by_test_id("hotline")).to_have_text("1900 9095")
    # The menu folds behind its button on a phone, and opens on a tap.
    menu = page.get_by_role("button", name="Trình đơn")
    nav = page.locator("#site-nav")
    expect(nav).to_be_hidden()
    menu.click()
    expect(nav).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_test_id("nav-public-levels")).to_have_attribute("href", "/public/levels")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_test_id("staff-signin").click()
    expect(page).to_have_url(f"{live_server}/signin")


def test_the_nurse_sees_her_station_first_and_the_cdc_one_menu_line(
        browser, live_server, demo, make_user):
    phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    sign_in(phone, live_server, make_user, "station", "Ba Đình", ["Cống Vị"])
    phone.get_by_role("button", name="Trình đơn").click()
    first = phone.locator("#site-nav a").first
    expect(first).to_have_attribute("data-testid", "nav-followup")
    phone.context.close()

    laptop = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    sign_in(laptop, live_server, make_user, "province")
    header = laptop.locator("header.top").bounding_box()
    assert header["height"] < 60  # one line of links, not two
    laptop.get_by_text("Thêm").click()
    expect(laptop.get_by_role("button", name="Đăng xuất")).to_be_visible()
    laptop.context.close()


def test_the_epi_curve_answers_a_hover_with_the_days_figures(page, live_server, demo):
    page.goto(f"{live_server}/public/report?date={LAST_DAY}")
    chart = page.locator(".vega-live.live")
    expect(chart).to_have_count(1)
    bar = chart.locator('path[aria-label^="Ngày: 21/11;"]').first
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    # Vega picks the mark under the pointer itself (its background layer takes the events).
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] - 2)
    tooltip = page.locator("#vg-tooltip-element")
    expect(tooltip).to_contain_text("21/11/2021")
    expect(tooltip).to_contain_text("Số ca")
    # The server's SVG is still in the page for print and no-script, hidden behind the live one.
    expect(page.locator("svg.vega-replaced")).to_be_hidden()


PUBLIC_PAGES = ["/", "/signin", f"/public/report?date={LAST_DAY}", "/public/exposures",
                "/public/national", "/public/levels", "/public/levels/province/1",
                "/public/map", "/no-such-page"]
STAFF_PAGES = [f"/?date={LAST_DAY}", "/cases", "/clusters", f"/followup?date={LAST_DAY}",
               "/cases/new", "/import", "/national", "/figures", "/analytics",
               "/bulletins/review",
               "/levels/province/1", "/account/password", "/stations"]
# Pages of one record, reached by the first link of the page before that opens one.
RECORD_PAGES = [("/cases", r"/cases/(?!new$)[^/?]+"), (None, r"/cases/[^/?]+/edit"),
                ("/stations", r"/stations/\d+"), ("/stations", r"/stations/\d+/worklist"),
                (None, r"/stations/\d+/people/\d+")]


def first_link(page, pattern: str) -> str:
    """The first link of the page whose address is `pattern` (a whole-path match)."""
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    found = [h for h in hrefs if re.fullmatch(pattern, h)]
    assert found, pattern
    return found[0]


def test_no_serious_accessibility_violation_on_the_main_pages(
        browser, live_server, demo, make_user):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    found = {}
    for path in PUBLIC_PAGES:
        page.goto(f"{live_server}{path}")
        found[path] = serious_violations(page)
    sign_in(page, live_server, make_user, "province")
    for path in STAFF_PAGES:
        page.goto(f"{live_server}{path}")
        found[path] = serious_violations(page)
    for start, pattern in RECORD_PAGES:  # None: from the page the last one opened
        if start:
            page.goto(f"{live_server}{start}")
        path = first_link(page, pattern)
        page.goto(f"{live_server}{path}")
        found[path] = serious_violations(page)
    context.close()
    assert {p: v for p, v in found.items() if v} == {}


SHOTS = os.environ.get("EPISURV_SCREENSHOTS")  # a folder: the user guides' pictures (docs/img)


def shot(page, name: str, tmp_path: Path) -> None:
    """Every walk takes its pictures; with EPISURV_SCREENSHOTS they land in the guides."""
    folder = Path(SHOTS) if SHOTS else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"))


@pytest.fixture
def boundaries(db, demo):
    from episurv.db import session_scope
    from episurv.geo.service import import_boundaries

    with session_scope(db) as session:
        import_boundaries(session, HERE.parent / "maps" / "hanoi_districts.geojson",
                          province="Hà Nội")


def test_each_roles_day_at_its_width(browser, live_server, demo, boundaries, make_user,
                                     tmp_path):
    # The public, on a phone: the landing page, then the notices.
    public = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    public.goto(f"{live_server}/")
    expect(public.get_by_test_id("hotline")).to_be_visible()
    shot(public, "public-landing-phone", tmp_path)
    public.goto(f"{live_server}/public/exposures")
    expect(public.locator("li.notice").first).to_be_visible()
    shot(public, "public-notices-phone", tmp_path)
    public.context.close()

    # The nurse of Cống Vị, on her phone: the day's list of the demo's last day.
    nurse = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    sign_in(nurse, live_server, make_user, "station", "Ba Đình", ["Cống Vị"])
    nurse.goto(f"{live_server}/followup?date={LAST_DAY}")
    expect(nurse.locator("article.person").first).to_be_visible()
    shot(nurse, "nurse-followup-phone", tmp_path)
    nurse.locator("article.person a").first.click()
    expect(nurse.locator("#checks li").first).to_be_visible()
    shot(nurse, "nurse-contact-phone", tmp_path)
    nurse.context.close()

    # The city CDC at nine in the evening, on a laptop: the dashboard and the map.
    cdc = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(cdc, live_server, make_user, "province")
    cdc.goto(f"{live_server}/?date={LAST_DAY}")
    expect(cdc.locator(".vega-live.live")).to_have_count(1)
    shot(cdc, "cdc-dashboard", tmp_path)
    cdc.goto(f"{live_server}/public/map")
    expect(cdc.locator(".vega-live.live")).to_have_count(1)
    ba_dinh = cdc.locator('.vega-live path[aria-label*="Ba Đình"]').first
    box = ba_dinh.bounding_box()
    cdc.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(cdc.locator("#vg-tooltip-element")).to_contain_text("Ba Đình")
    shot(cdc, "cdc-map", tmp_path)
    cdc.context.close()

    # The ministry analyst: the analytics of the city.
    analyst = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(analyst, live_server, make_user, "national")
    analyst.goto(f"{live_server}/analytics?province=Hà Nội&date={LAST_DAY}")
    expect(analyst.locator(".vega-live.live").first).to_be_visible()
    shot(analyst, "analyst-analytics", tmp_path)
    analyst.context.close()

    # The CDC officer and the analyst away from their desks: their pages fit a small phone
    # (375 px): the case list's filters with the longest cluster name, a case's record with
    # its history, a ward's level with the capacity figures entered.
    for role, paths in (("province", [f"/?date={LAST_DAY}", "/clusters", "/public/map",
                                      "/cases", f"/levels/ward/1?date={LAST_DAY}"]),
                        ("national", ["/national",
                                      f"/analytics?province=Hà Nội&date={LAST_DAY}"])):
        phone = browser.new_context(viewport={"width": 375, "height": 812}).new_page()
        sign_in(phone, live_server, make_user, role)
        for path in paths:
            phone.goto(f"{live_server}{path}")
            expect(phone.locator("main h1")).to_be_visible()
            width = phone.evaluate("document.documentElement.scrollWidth")
            assert width <= 375, (role, path, width)
            if path == "/cases":  # then the first case's record, read after this list
                paths.append(first_link(phone, r"/cases/BN\d+"))
        phone.context.close()


@pytest.fixture
def big_cluster(db, demo):
    """The demo's largest cluster (its traced chain is the demo's), with 15 more cases linked
    by the CDC so that its cases take two pages."""
    from sqlalchemy import func, select

    from episurv.accounts.scope import SYSTEM
    from episurv.cases.models import Case
    from episurv.clusters import service as clusters
    from episurv.db import session_scope

    with session_scope(db) as session:
        cluster_id, total = session.execute(
            select(Case.cluster_id, func.count()).where(Case.cluster_id.is_not(None))
            .group_by(Case.cluster_id).order_by(func.count().desc(), Case.cluster_id)
            .limit(1)).one()
        first, since, until = session.execute(
            select(Case.case_id, Case.report_day, func.max(Case.report_day).over())
            .where(Case.cluster_id == cluster_id)
            .order_by(Case.report_day, Case.case_id).limit(1)).one()
        extra = session.scalars(select(Case.case_id).where(
            Case.cluster_id.is_(None), Case.report_day.between(since, until))
            .order_by(Case.report_day, Case.case_id).limit(15)).all()
        clusters.link_cases(session, scope=SYSTEM, cluster_id=cluster_id, case_ids=extra,
                            reason="same workplace")
    return cluster_id, total + 15, first


def test_the_cdc_officers_evening_dashboard_cluster_and_chain(
        browser, live_server, demo, big_cluster, make_user, tmp_path):
    cluster_id, total, index_case = big_cluster
    laptop = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    laptop.set_default_timeout(30_000)
    sign_in(laptop, live_server, make_user, "province")
    # The dashboard opens on the demo's last day; the picker moves it to the day before.
    new_cases = laptop.get_by_test_id("new-cases")
    expect(laptop.get_by_test_id("day-picker")).to_have_value("21/11/2021")
    last = new_cases.inner_text()
    change = laptop.locator(".figure").first.get_by_test_id("change")
    said_last = change.inner_text()
    laptop.get_by_test_id("day-picker").fill("20/11/2021")
    laptop.get_by_role("button", name="Xem").click()
    expect(laptop).to_have_url(f"{live_server}/?date=2021-11-20")
    expect(laptop.locator("main")).to_contain_text("Báo cáo ngày 20/11/2021")
    assert (new_cases.inner_text(), change.inner_text()) != (last, said_last)
    expect(change.locator(".sr-only")).to_contain_text("hôm trước")
    found = {"dashboard": serious_violations(laptop)}
    # A developing cluster's name opens its page, with its daily cases drawn.
    laptop.locator("#clusters a").first.click()
    expect(laptop).to_have_url(re.compile(r"/clusters/\d+\?date=2021-11-20$"))
    expect(laptop.locator(".vega-live.live")).to_have_count(1)

    # The largest cluster: two pages of cases, and its chain.
    laptop.goto(f"{live_server}/clusters/{cluster_id}?date={LAST_DAY}")
    expect(laptop.locator(".vega-live.live")).to_have_count(1)
    expect(laptop.get_by_test_id("cases-shown")).to_have_text(f"Ca thứ 1–50 trong {total} ca")
    found["cluster"] = serious_violations(laptop)
    shot(laptop, "cdc-cluster", tmp_path)
    laptop.get_by_role("link", name="Trang sau").click()
    expect(laptop.get_by_test_id("cases-shown")).to_have_text(
        f"Ca thứ 51–{total} trong {total} ca")
    expect(laptop.locator("#cluster-cases li")).to_have_count(total - 50)
    laptop.get_by_role("link", name="Trang trước").click()
    laptop.locator("#cluster-cases li", has_text=index_case).get_by_role(
        "link", name="Chuỗi lây nhiễm").click()
    graph = laptop.locator("section.chain-live[data-state=live]")
    expect(graph).to_be_visible()
    people = graph.locator(".chain-graph path[aria-label]")
    assert people.count() > 100  # the demo's chain of this cluster: ~150 people
    found["chain"] = serious_violations(laptop)
    laptop.get_by_role("button", name="Phóng to").click()
    shot(laptop, "cdc-chain", tmp_path)
    contact = graph.locator('.chain-graph path[aria-label*="-OD-F1-"]').first
    code = contact.get_attribute("aria-label").split(" · ")[0]
    contact.click(force=True)  # Vega picks the person under the pointer
    expect(laptop).to_have_url(f"{live_server}/contacts/{code}")
    laptop.context.close()
    assert {page: v for page, v in found.items() if v} == {}

    # On a phone: the cluster page and the chain fit the width; a tap opens a case.
    phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    phone.set_default_timeout(30_000)
    sign_in(phone, live_server, make_user, "province")
    phone.goto(f"{live_server}/clusters/{cluster_id}?date={LAST_DAY}&page=2")
    expect(phone.locator(".vega-live.live")).to_have_count(1)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    expect(phone.locator("#cluster-cases li")).to_have_count(total - 50)
    phone.goto(f"{live_server}/cases/{index_case}/chain")
    graph = phone.locator("section.chain-live[data-state=live]")
    expect(graph).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    graph.get_by_role("button", name="Phóng to").click()
    graph.scroll_into_view_if_needed()
    shot(phone, "cdc-chain-phone", tmp_path)
    case = graph.locator('.chain-graph path[aria-label^="BN"]:not([aria-label*="-"])').first
    case_id = case.get_attribute("aria-label").split(" · ")[0]
    case.click(force=True)
    expect(phone).to_have_url(f"{live_server}/cases/{case_id}")
    phone.context.close()
