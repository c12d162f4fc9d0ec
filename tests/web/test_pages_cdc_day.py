"""The CDC officer's pages through HTTP: the dashboard's day picker with the change against the
day before and cluster links inside the jurisdiction, a cluster's cases by page with its
chart, and the transmission chain's JSON for the interactive graph (nothing outside the
viewer's jurisdiction but a bare node)."""

from __future__ import annotations

import re

import pytest
from signing import sign_in

from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.clusters import service as clusters
from episurv.contacts import service as contacts
from handmade import LINE_LIST


@pytest.fixture
def signed_in(anonymous, make_user):
    def sign(role: str, unit: str | None = "Hà Nội", district: str | None = None):
        email, password = make_user(role, unit, district)
        assert sign_in(anonymous, email, password).status_code == 303
        return anonymous
    return sign


@pytest.fixture
def loaded(session, write_csv):
    import_cases(session, scope=SYSTEM, path=write_csv(LINE_LIST))
    session.commit()


def figures(html: str) -> dict[str, str]:
    """Each headline figure with its change as a screen reader hears it."""
    found = re.findall(r'<span class="n"[^>]*>([^<]+)</span><span>([^<]+)</span>'
                       r'(?:<span class="change[^"]*" data-testid="change">(.*?)</span>\s*</div>)?',
                       html)
    return {label: f"{n} {re.sub(r'<span aria-hidden.*?</span>|<[^>]+>', '', said)}".strip()
            for n, label, said in found}


def test_dashboard_day_picker_and_the_change_in_words(signed_in, loaded):
    client = signed_in("province")
    # Latest reporting day in the data: 8/11 (A4, confirmed at 18:01 on 7/11). 7/11 had 7
    # cases (4 community), 6/11 one (A7).
    latest = client.get("/").text
    assert 'name="date" value="2021-11-08" min="2021-04-27" max="2021-11-08"' in latest
    assert figures(latest)["Ca mới"] == "1 ít hơn hôm trước 6 ca"
    assert figures(latest)["Cộng đồng"] == "1 ít hơn hôm trước 3 ca"
    assert 'href="/?date=2021-11-07"' in latest and "Ngày sau" not in latest
    picked = client.get("/", params={"date": "2021-11-07"}).text
    assert figures(picked)["Ca mới"] == "7 nhiều hơn hôm trước 6 ca"
    assert "▲ +6 so với hôm trước" in picked
    assert 'href="/?date=2021-11-06"' in picked and 'href="/?date=2021-11-08"' in picked
    english = client.get("/", params={"date": "2021-11-07", "lang": "en"}).text
    assert figures(english)["New cases"] == "7 6 more than the day before"


def test_the_dashboard_opens_on_the_last_day_its_picker_offers(signed_in, loaded, session):
    """One rule for the default day and the picker's bounds: a figure the province submitted for
    9/11 (after the register's last case, 8/11) makes 9/11 the latest reporting day, so the
    dashboard opens on it, with the day before and no day after (it opened on 8/11 with a
    "day after" link to 9/11)."""
    from datetime import date

    from episurv.aggregates import service as aggregates

    aggregates.submit(session, [aggregates.Figure(1, 0, date(2021, 11, 9), "new_cases", 3)],
                      scope=SYSTEM, source="test")
    session.commit()
    client = signed_in("province")
    latest = client.get("/").text
    assert 'name="date" value="2021-11-09" min="2021-04-27" max="2021-11-09"' in latest
    assert 'href="/?date=2021-11-08"' in latest and 'data-testid="day-after"' not in latest
    # The register has no case reported on 9/11.
    assert 'data-testid="new-cases">0<' in latest


@pytest.mark.parametrize("asked", ["2021-13-01", "7/11", "2021-11-09", "2021-04-26"])
def test_dashboard_refuses_a_day_it_has_not_and_shows_the_latest(signed_in, loaded, asked):
    client = signed_in("province")
    page = client.get("/", params={"date": asked})
    assert page.status_code == 422
    assert (f"“{asked}” không phải là một ngày báo cáo của trang tổng quan: hãy chọn một ngày "
            "từ 27/4/2021 đến 8/11/2021.") in page.text
    assert 'data-testid="new-cases">1<' in page.text


def test_cluster_names_link_to_their_page_inside_the_jurisdiction(signed_in, loaded,
                                                                  anonymous):
    link = re.compile(r'<a href="/clusters/(\d+)\?date=2021-11-07">Chợ Khương Trung</a>')
    province = signed_in("province").get("/", params={"date": "2021-11-07"}).text
    cluster_id = int(link.search(province).group(1))
    assert ">Chợ Khương Trung<" in province
    page = anonymous.get(f"/clusters/{cluster_id}", params={"date": "2021-11-07"})
    assert page.status_code == 200 and "<h1>Chợ Khương Trung</h1>" in page.text
    anonymous.cookies.clear()
    # Đống Đa's account reads the city's report; the Thanh Xuân cluster is not its to open.
    dong_da = signed_in("district", "Hà Nội", "Đống Đa").get(
        "/", params={"date": "2021-11-07"}).text
    assert ">Chợ Khương Trung<" in dong_da and not link.search(dong_da)
    # The public report names the cluster without a link.
    public = anonymous.get("/public/report", params={"date": "2021-11-07"}).text
    assert "Chợ Khương Trung" in public and "/clusters/" not in public


def _cluster_of(session, write_csv, n: int) -> int:
    rows = "\n".join(f"X{i:03d},2021-11-{1 + i % 5:02d},Hà Nội,Cầu Giấy,"
                     f"{'community' if i % 3 else 'quarantine'},Xưởng may Đông Á"
                     for i in range(1, n + 1))
    import_cases(session, scope=SYSTEM, path=write_csv(
        "case_id,report_date,province,district,detected_in,cluster\n" + rows + "\n"))
    session.commit()
    return clusters.cluster_choices(session, scope=SYSTEM, province_code=1)[0]["id"]


def test_cluster_cases_by_page_and_its_chart(signed_in, session, write_csv):
    cluster_id = _cluster_of(session, write_csv, 53)
    client = signed_in("province")

    def listed(html):
        return re.findall(r'<li><a href="/cases/(X\d+)">', html)

    first = client.get(f"/clusters/{cluster_id}", params={"date": "2021-11-07"}).text
    # Report order, then code: 1/11 holds X005, X010, ... X050 (i % 5 == 0): 10 cases.
    assert listed(first)[:3] == ["X005", "X010", "X015"] and len(listed(first)) == 50
    assert "Ca thứ 1–50 trong 53 ca" in first
    assert 'href="?date=2021-11-07&amp;page=2#cases"' in first
    second = client.get(f"/clusters/{cluster_id}",
                        params={"date": "2021-11-07", "page": "2"}).text
    # 5/11 (i % 5 == 4) ends the list: X004, X009, ... X049; the last three on page 2.
    assert listed(second) == ["X039", "X044", "X049"]
    assert "Ca thứ 51–53 trong 53 ca" in second and 'rel="prev"' in second
    # The chart: the epi curve of the cluster's days, drawn by the server with its spec.
    assert 'data-vega-spec="' in first and "Xưởng may Đông Á" in first
    spec = re.search(r'data-vega-spec="([^"]+)"', first).group(1)
    assert spec.count("2021-11-0") >= 10  # five days, two kinds each
    for wrong in ("3", "0", "abc"):
        refused = client.get(f"/clusters/{cluster_id}", params={"page": wrong})
        assert refused.status_code == 422
        assert (f"Không có trang “{wrong}” trong danh sách ca bệnh của ổ dịch này: chỉ có từ "
                "trang 1 đến trang 2.") in refused.text
        assert len(listed(refused.text)) == 50


CHAIN = """case_id,report_date,province,district,ward,onset_date,name,phone
K1,2021-11-02,Hà Nội,Cầu Giấy,Dịch Vọng,2021-11-01,Lương Thị Mai,0911000222
K2,2021-11-05,Hà Nội,Đống Đa,Láng Hạ,,Đỗ Văn Hùng,0911000333
"""


@pytest.fixture
def chain(session, write_csv):
    """K1 (Cầu Giấy) exposed F-1 of Láng Hạ, Đống Đa, who became K2; K2 exposed F-2."""
    import_cases(session, write_csv(CHAIN), scope=SYSTEM)
    contacts.add_contact(session, scope=SYSTEM, values={
        "contact_code": "F-1", "source_case": "K1", "case": "K2", "exposure_date": "2021-11-01",
        "relation": "workplace", "district": "Đống Đa", "ward": "Láng Hạ",
        "name": "Đỗ Văn Hùng"})
    contacts.add_contact(session, scope=SYSTEM, values={
        "contact_code": "F-2", "source_case": "K2", "exposure_date": "2021-11-04",
        "relation": "household", "district": "Đống Đa", "ward": "Láng Hạ",
        "name": "Đỗ Thị Lan", "phone": "0911000444"})
    session.commit()


def test_chain_json_links_inside_the_jurisdiction_only(signed_in, chain, anonymous):
    province = signed_in("province").get("/cases/K2/chain.json").json()
    nodes = {n["label"]: n for n in province["nodes"]}
    assert nodes["K1"] == {"id": nodes["K1"]["id"], "kind": "case", "root": False,
                           "label": "K1", "title": "K1 · 2/11/2021 · Cầu Giấy",
                           "href": "/cases/K1"}
    assert nodes["K2"]["root"] and nodes["K2"]["href"] == "/cases/K2"
    assert nodes["F-2"]["href"] == "/contacts/F-2"
    assert nodes["F-2"]["title"] == "F-2 · F1 · đang theo dõi"
    assert len(province["edges"]) == 2 and not province["truncated"]
    anonymous.cookies.clear()
    # Đống Đa's account: K1 keeps its place in the chain, with no code, detail or link.
    response = signed_in("district", "Hà Nội", "Đống Đa").get("/cases/K2/chain.json",
                                                                 params={"lang": "en"})
    hidden = [n for n in response.json()["nodes"] if n["kind"] == "hidden"]
    assert [(n["label"], n["title"], n["href"]) for n in hidden] == [
        ("", "Outside your jurisdiction", None)]
    for private in ("K1", "Lương Thị Mai", "Đỗ Văn Hùng", "Đỗ Thị Lan", "0911000444"):
        assert private not in response.text
    assert anonymous.get("/cases/K1/chain.json").status_code == 404
    # The page offers the graph (drawn by its script) above the server's list.
    page = anonymous.get("/cases/K2/chain").text
    assert 'data-chain-src="/cases/K2/chain.json"' in page
    assert '<script src="/static/js/chain.js" defer></script>' in page and "<svg" in page
