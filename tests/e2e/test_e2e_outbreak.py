"""What an outbreak investigator and the public do in the browser: walk a cluster page and
link a case, read a transmission chain, search the public notices and self-declare."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect
from stores import ONLY_SQLITE
from test_e2e_product import serious_violations

from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.clusters import service as clusters
from episurv.clusters.history import LOCAL
from episurv.contacts import service as contacts
from episurv.exposures.service import add_visits, publish_from_case

pytestmark = pytest.mark.e2e

CASES = """case_id,report_date,province,district,ward,onset_date,name,phone
K1,2021-11-02,Hà Nội,Cầu Giấy,Dịch Vọng,2021-11-01,Lương Thị Mai,0911000222
K2,2021-11-05,Hà Nội,Cầu Giấy,Dịch Vọng,,,
"""


@pytest.fixture
def outbreak(session, write_csv):
    import_cases(session, write_csv(CASES), scope=SYSTEM)
    cluster = clusters.create_cluster(session, scope=SYSTEM, name="Kho hàng Minh Phát",
                                      province="Hà Nội", district="Cầu Giấy", kind="workplace")
    clusters.link_cases(session, scope=SYSTEM, cluster_id=cluster.id, case_ids=["K1"])
    contacts.add_contact(session, scope=SYSTEM, values={
        "contact_code": "F-1", "source_case": "K1", "exposure_date": "2021-11-01",
        "relation": "workplace", "ward": "Dịch Vọng"})
    contacts.become_case(session, scope=SYSTEM, contact_code="F-1", report_date=datetime(
        2021, 11, 6).date(), case_id="K9")
    yesterday = (datetime.now(LOCAL) - timedelta(days=1)).date().isoformat()
    add_visits(session, scope=SYSTEM, case_id="K1", visits=[
        {"kind": "visit", "place": "siêu thị Hoa Sen", "address": "102 Trần Thái Tông",
         "district": "Cầu Giấy", "ward": "Dịch Vọng Hậu", "day": yesterday, "start": "18:30",
         "end": "19:00"}])
    publish_from_case(session, scope=SYSTEM, case_id="K1")
    session.commit()
    return cluster.id


def sign_in(page, base, email, password, target):
    page.goto(f"{base}{target}")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def test_cluster_page_and_chain(page, live_server, outbreak, make_user):
    email, password = make_user("province")
    sign_in(page, live_server, email, password, "/clusters")
    expect(page).to_have_url(f"{live_server}/clusters")
    page.goto(f"{live_server}/clusters?date=2021-11-07")
    page.get_by_role("link", name="Kho hàng Minh Phát").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kho hàng Minh Phát")
    expect(page.get_by_test_id("status")).to_have_text("đang diễn biến phức tạp")
    expect(page.get_by_test_id("total")).to_have_text("2")  # K1 and K9 (joined from F-1)
    page.get_by_label("Gắn các ca (mã BN)").fill("K2")
    page.get_by_label("Lý do").fill("cùng ca làm việc")
    page.get_by_role("button", name="Gắn vào ổ dịch").click()
    expect(page.get_by_role("status")).to_be_visible()
    expect(page.locator("#links")).to_contain_text("cùng ca làm việc")
    expect(page.locator("#cluster-cases li")).to_have_count(3)

    page.goto(f"{live_server}/cases/K9/chain")
    chain = page.locator("svg#chain")
    expect(chain.locator("g.node")).to_have_count(2)
    expect(chain.locator("line.edge")).to_have_count(1)
    expect(chain.locator("g.root")).to_contain_text("K9")
    expect(page.locator("#edges")).to_contain_text("F-1")
    chain.locator("g.node", has_text="K1").locator("a").click()
    expect(page).to_have_url(f"{live_server}/cases/K1/chain")
    assert "Lương Thị Mai" not in page.content()


def test_public_notices_search_and_self_declaration(browser, live_server, outbreak):
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    page.goto(f"{live_server}/public/exposures")
    notice = page.locator("li.notice")
    expect(notice).to_have_count(1)
    expect(notice).to_contain_text("18h30-19h siêu thị Hoa Sen, 102 Trần Thái Tông")
    expect(page.get_by_test_id("hotline")).to_have_text("1900 9095")
    expect(page.get_by_test_id("advice")).to_contain_text("tự cách ly")
    assert "Lương Thị Mai" not in page.content() and "0911000222" not in page.content()

    page.locator("select[name=district]").select_option("Đống Đa")
    page.get_by_role("button", name="Tìm").click()
    expect(page.locator("li.notice")).to_have_count(0)
    page.locator("select[name=district]").select_option("Cầu Giấy")
    page.get_by_role("button", name="Tìm").click()
    expect(page.locator("li.notice")).to_have_count(1)

    def declare(phone):
        page.locator("li.notice summary").click()
        page.get_by_label("Họ và tên").fill("Hoàng Văn Nam")
        page.get_by_label("Số điện thoại").fill(phone)
        page.get_by_label("Phường, xã nơi bạn ở").fill("Quan Hoa")
        page.get_by_role("button", name="Khai báo").click()

    declare("12345")
    # Said in the page's language, not the API's field names; the form stays open with what
    # was typed, so only the phone needs correcting.
    expect(page.get_by_role("alert")).to_have_text(
        "Hãy ghi số điện thoại gồm 10 hoặc 11 chữ số, bắt đầu bằng 0.")
    expect(page.get_by_label("Họ và tên")).to_have_value("Hoàng Văn Nam")
    expect(page.get_by_label("Phường, xã nơi bạn ở")).to_have_value("Quan Hoa")
    page.get_by_label("Số điện thoại").fill("0912345678")
    page.get_by_role("button", name="Khai báo").click()
    expect(page.get_by_test_id("declared")).to_have_text(
        "Cảm ơn bạn. Trạm y tế phường, xã nơi bạn ở sẽ gọi cho bạn.")
    declare("+84 912 345 678")
    expect(page.get_by_test_id("declared")).to_have_text("Bạn đã khai báo địa điểm này rồi.")


# On SQLite only (tests/stores.py): the subject is the page's gesture; the chain it draws is
# read on both stores by test_cluster_page_and_chain and tests/contacts/.
@ONLY_SQLITE
def test_the_chain_zooms_with_two_fingers_on_a_phone(browser, live_server, outbreak, make_user):
    """Pinch-to-zoom on the interactive chain (a touch screen, Chrome's own touch events): two
    fingers moving from 60 px apart to 150 px apart draw the people 2.5 times as far apart, and
    the page itself is not zoomed."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True,
                                  is_mobile=True)
    page = context.new_page()
    email, password = make_user("province")
    sign_in(page, live_server, email, password, "/cases/K1/chain")
    graph = page.locator("section.chain-live[data-state=live]")
    expect(graph).to_be_visible()
    people = graph.locator(".chain-graph path[aria-label]")
    expect(people).to_have_count(2)  # K1 and F-1 (K9)
    graph.locator(".chain-graph").scroll_into_view_if_needed()

    def spread() -> float:
        (a, b) = [p.bounding_box() for p in people.all()]
        return ((a["x"] - b["x"]) ** 2 + (a["y"] - b["y"]) ** 2) ** 0.5

    before = spread()
    box = graph.locator(".chain-graph").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    cdp = context.new_cdp_session(page)

    def fingers(apart: float) -> list[dict]:
        return [{"x": cx - apart / 2, "y": cy, "id": 1}, {"x": cx + apart / 2, "y": cy, "id": 2}]

    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": fingers(60)})
    for apart in (75, 90, 105, 120, 135, 150):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": fingers(apart)})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    page.wait_for_timeout(300)  # the view redraws on its next animation frame
    after = spread()
    assert 2.4 < after / before < 2.6, (before, after)
    assert page.evaluate("window.visualViewport.scale") == 1
    assert serious_violations(page) == []
    context.close()
