"""Pages the cache answers (issue 11): what a request costs when nothing changed since the page
was drawn, and that a write still shows at once."""

from __future__ import annotations

import html
import json
import re
import threading

import pytest
from signing import sign_in
from statements import statements

from episurv import dataversion
from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.db import get_engine
from episurv.exposures.service import add_visits, publish_from_case
from episurv.web import cache
from handmade import LINE_LIST


@pytest.fixture
def loaded(session, write_csv):
    import_cases(session, scope=SYSTEM, path=write_csv(LINE_LIST))
    session.commit()
    cache.clear()


def test_a_cached_dashboard_reads_the_session_and_the_data_version_only(
        anonymous, make_user, loaded, db, client_as):
    """Before, every dashboard read the latest reporting day (two queries), the data version
    and the clusters again besides the caller's session (three); the day and the clusters are
    now kept under the data version like the report, and the session is read with its account
    and the account's wards in one query (the wards were a second one)."""
    email, password = make_user("province")
    assert sign_in(anonymous, email, password).status_code == 303
    first = anonymous.get("/")
    assert first.status_code == 200 and "Chợ Khương Trung" in first.text
    seen = statements(db, lambda: anonymous.get("/"))
    tables = [s.split(" FROM ", 1)[1].split()[0] for s in seen if s.startswith("SELECT")]
    assert sorted(tables) == ["data_versions", "web_sessions"]
    session_read = next(s for s in seen if " FROM web_sessions" in s)
    assert "JOIN users" in session_read and "LEFT OUTER JOIN user_wards" in session_read
    # A new cluster is a write: it moves the version and shows on the next dashboard.
    api = client_as("province")
    assert api.post("/api/v1/cases", json={
        "case_id": "A12", "report_date": "2021-11-08", "province": "Hà Nội",
        "district": "Ba Đình", "source": "cluster", "cluster": "Ngõ Núi Trúc"}).status_code == 201
    after = anonymous.get("/")
    assert "Ngõ Núi Trúc" in after.text and 'data-testid="new-cases">2<' in after.text


def test_a_cached_public_report_is_the_page_drawn_for_that_address(anonymous, loaded, db,
                                                                   monkeypatch):
    """The public report is kept whole per address and language; a request the cache answers
    reads the data version and nothing else (once the version this process read last is older
    than dataversion.FRESH), and gets the same bytes."""
    monkeypatch.setattr(dataversion, "FRESH", 0.0)
    first = anonymous.get("/public/report?province=Hà Nội&date=2021-11-07")
    assert first.status_code == 200 and 'data-testid="new-cases">7<' in first.text
    again: list = []
    seen = statements(db, lambda: again.append(
        anonymous.get("/public/report?province=Hà Nội&date=2021-11-07")))
    assert [s.split(" FROM ", 1)[1].split()[0] for s in seen
            if s.startswith("SELECT")] == ["data_versions"]
    assert again[0].content == first.content
    english = anonymous.get("/public/report?province=Hà Nội&date=2021-11-07&lang=en")
    assert english.status_code == 200 and english.content != first.content
    assert english.cookies.get("episurv_lang") == "en"


def test_a_server_worker_draws_the_latest_report_before_it_is_asked(loaded, db, session,
                                                                    write_csv, monkeypatch):
    """A worker of `episurv serve` (create_server_app) draws the latest daily report as it
    starts: its first dashboard-sized request, the report API's, reads the data version and
    nothing else. Before, the first request of each worker drew it (about 3 s on a large
    register, issue 11), and every request for it waited. A write afterwards still shows."""
    import warnings

    monkeypatch.setattr(dataversion, "FRESH", 0.0)  # each request reads the version

    from fastapi.testclient import TestClient

    from episurv.web.app import create_server_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        server = TestClient(create_server_app())
    daily = "/api/v1/reports/daily?province=Hà Nội"
    with server:  # the lifespan: the renderer started, the warm-up under way
        for thread in threading.enumerate():
            if thread.name == "warm-reports":
                thread.join(timeout=120)
        answers: list = []
        seen = statements(db, lambda: answers.append(server.get(daily)))
        assert [s.split(" FROM ", 1)[1].split()[0] for s in seen
                if s.startswith("SELECT")] == ["data_versions"]
        assert answers[0].json()["new_cases"] == 1  # A4, after the cut-off on 7/11
        page = statements(db, lambda: answers.append(server.get("/public/report")))
        assert [s.split(" FROM ", 1)[1].split()[0] for s in page
                if s.startswith("SELECT")] == ["data_versions"]
        assert 'data-testid="new-cases">1<' in answers[1].text
        # A case added on that day moves the version: the next request draws again.
        import_cases(session, scope=SYSTEM, path=write_csv(
            LINE_LIST.splitlines()[0] + "\nA12,2021-11-08,09:00,Hà Nội,Ba Đình,community,"
            "screening,\n"))
        session.commit()
        assert server.get(daily).json()["new_cases"] == 2


DAILY = "/api/v1/reports/daily?province=Hà Nội"


def test_a_report_held_under_a_version_read_just_now_costs_no_statement(
        anonymous, loaded, db, client_as, monkeypatch):
    """Within dataversion.FRESH of reading the version, the report API and the public report
    are sent as held, with no statement (before: BEGIN and the version's SELECT, in a thread of
    their own, each request). A write through this process is seen by the next request all the
    same: the write forgets the versions this process read."""
    monkeypatch.setattr(dataversion, "FRESH", 60.0)
    api = client_as("province")  # made first: adding its account is a write too
    public = "/public/report?province=Hà Nội&date=2021-11-07"
    first, page = anonymous.get(DAILY), anonymous.get(public)
    assert first.json()["new_cases"] == 1 and 'data-testid="new-cases">7<' in page.text
    again: list = []
    assert statements(db, lambda: again.extend((anonymous.get(DAILY),
                                                 anonymous.get(public)))) == []
    assert again[0].content == first.content and again[0].headers["etag"] == first.headers[
        "etag"]
    assert again[1].content == page.content
    # As the client holding it asks: 304, with no statement either.
    held: list = []
    assert statements(db, lambda: held.append(anonymous.get(
        DAILY, headers={"If-None-Match": first.headers["etag"]}))) == []
    assert held[0].status_code == 304
    assert api.post("/api/v1/cases", json={
        "case_id": "A12", "report_date": "2021-11-08", "province": "Hà Nội",
        "district": "Ba Đình", "source": "cluster", "cluster": "Ngõ Núi Trúc"}).status_code == 201
    after = anonymous.get(DAILY)
    assert after.json()["new_cases"] == 2 and after.headers["etag"] != first.headers["etag"]


def test_another_process_s_write_is_seen_once_the_version_read_is_older_than_fresh(
        anonymous, loaded, db, monkeypatch):
    """A write by another server process does not pass through this one: its new version is
    read when the one held here is older than dataversion.FRESH. (The version row is moved here
    by a statement of its own, as that process's commit would move it.)"""
    from sqlalchemy import text

    monkeypatch.setattr(dataversion, "FRESH", 60.0)
    first = anonymous.get(DAILY)
    with get_engine(db).begin() as conn:
        conn.execute(text("UPDATE data_versions SET version = version + 1 "
                          "WHERE province_code = 1"))
    assert anonymous.get(DAILY).headers["etag"] == first.headers["etag"]  # held, as documented
    monkeypatch.setattr(dataversion, "FRESH", 0.0)  # the second has passed
    later: list = []
    seen = statements(db, lambda: later.append(anonymous.get(DAILY)))
    # The version read first, then the report drawn again under the new version.
    assert [s for s in seen if s.startswith("SELECT")][0] == (
        "SELECT version FROM data_versions WHERE province_code = "
        + ("?" if db.startswith("sqlite") else "%(p)s"))
    assert later[0].headers["etag"] != first.headers["etag"]
    assert later[0].json()["new_cases"] == 1


def test_a_version_read_while_this_process_writes_is_not_believed_after_the_commit(db):
    """A request that reads the version while a write of this process is under way sees the
    old one (the write is not committed): it must not be believed once the write commits."""
    from episurv.db import session_scope

    with session_scope(db, write=True) as setup:
        dataversion.bump(setup, [1])
    engine_url = get_engine(db).url
    with session_scope(db) as before:
        old = dataversion.current(before, 1)
    assert dataversion.recent(engine_url, 1) == old
    with session_scope(db, write=True) as writer:
        dataversion.bump(writer, [1])
        assert dataversion.recent(engine_url, 1) is None  # forgotten as the write begins
        with session_scope(db) as reader:  # another request of this process, meanwhile
            assert dataversion.current(reader, 1) == old
        assert dataversion.recent(engine_url, 1) == old
    assert dataversion.recent(engine_url, 1) is None  # and again once it has committed
    with session_scope(db) as after:
        assert dataversion.current(after, 1) != old


def test_two_databases_at_the_same_version_do_not_share_a_drawing(monkeypatch, tmp_path):
    # Keys hold the data version, which starts at 0 in every database: a process serving one
    # store after another (a test run, `episurv transfer`) must draw each store's page afresh.
    cache.clear()
    monkeypatch.setenv("EPISURV_DATABASE_URL", f"sqlite:///{tmp_path / 'a.db'}")
    assert cache.derived(("daily-report", 1, "2021-11-07", "vi", 0), lambda: "drawn from a") \
        == "drawn from a"
    monkeypatch.setenv("EPISURV_DATABASE_URL", f"sqlite:///{tmp_path / 'b.db'}")
    assert cache.peek(("daily-report", 1, "2021-11-07", "vi", 0)) is None
    assert cache.derived(("daily-report", 1, "2021-11-07", "vi", 0), lambda: "drawn from b") \
        == "drawn from b"
    monkeypatch.setenv("EPISURV_DATABASE_URL", f"sqlite:///{tmp_path / 'a.db'}")
    assert cache.peek(("daily-report", 1, "2021-11-07", "vi", 0)) == "drawn from a"


# A case with the places it went (exposures.service), for the public pages below.
VISITED = """case_id,report_date,province,district,ward
BN901240,2021-11-09,Hà Nội,Cầu Giấy,Nghĩa Đô
"""
MARKET = {"kind": "visit", "place": "chợ Nghĩa Tân", "address": "phố Tô Hiệu",
          "district": "Cầu Giấy", "ward": "Nghĩa Tân", "day": "2021-11-08", "start": "8h30",
          "end": "9h15"}


def test_public_pages_are_kept_per_data_version_and_a_notice_shows_at_once(
        anonymous, session, write_csv, db):
    """The public map, levels, exposure notices and landing pages were drawn on every request
    (3 to 5 a second at 20 clients on the demo): each is now kept whole per address, language
    and data version of its province, sent with an ETag (304 while unchanged) and
    Cache-Control. A request the cache answers reads the data version and nothing else; a
    notice published moves the version, and the next request shows it."""
    import_cases(session, write_csv(VISITED), scope=SYSTEM)
    add_visits(session, scope=SYSTEM, case_id="BN901240", visits=[MARKET])
    session.commit()
    cache.clear()
    tags = {}
    for path in ("/public/exposures", "/public/map", "/public/levels", "/public"):
        first = anonymous.get(path)
        assert first.status_code == 200, path
        assert first.headers["cache-control"] == "public, max-age=60"
        tags[path] = first.headers["etag"]
        again: list = []
        seen = statements(db, lambda path=path, again=again: again.append(anonymous.get(path)))
        assert [s.split(" FROM ", 1)[1].split()[0] for s in seen
                if s.startswith("SELECT")] == ["data_versions"], path
        assert again[0].content == first.content
        held = anonymous.get(path, headers={"If-None-Match": tags[path]})
        assert held.status_code == 304 and held.content == b""
    # `/` is the same landing page for a visitor, but a signed-in user's dashboard too: kept
    # in the server, with no public validators.
    assert "etag" not in anonymous.get("/").headers
    assert "chợ Nghĩa Tân" not in anonymous.get("/public/exposures").text
    publish_from_case(session, scope=SYSTEM, case_id="BN901240")
    session.commit()
    after = anonymous.get("/public/exposures", headers={"If-None-Match": tags[
        "/public/exposures"]})
    assert after.status_code == 200 and "chợ Nghĩa Tân" in after.text
    assert after.headers["etag"] != tags["/public/exposures"]
    assert "chợ Nghĩa Tân" in anonymous.get("/public").text


def test_the_analytics_page_is_drawn_once_per_data_version(anonymous, make_user, loaded, db,
                                                           client_as):
    """The analytics page computed Rt and its curves and drew its four charts on every request
    (0.8 s each on the demo; 20 users opening it waited for seconds): kept under the
    province's data version, a second request reads no case and no figure, and a new case
    still shows at once."""
    email, password = make_user("province")
    assert sign_in(anonymous, email, password).status_code == 303
    page = "/analytics?date=2021-11-08&lang=en"
    domestic = re.compile(r'<span class="n">(\d+)</span><span>Domestic cases of the day')
    first = anonymous.get(page)
    # 8/11 by report date: A4, confirmed at 18:01 on 7/11, after the day's cut-off.
    assert domestic.search(first.text).group(1) == "1"
    seen = statements(db, lambda: anonymous.get(page))
    tables = sorted(s.split(" FROM ", 1)[1].split()[0] for s in seen if s.startswith("SELECT"))
    assert tables == ["data_versions", "web_sessions"]
    assert client_as("province").post("/api/v1/cases", json={
        "case_id": "A12", "report_date": "2021-11-08", "province": "Hà Nội",
        "district": "Ba Đình"}).status_code == 201
    assert domestic.search(anonymous.get(page).text).group(1) == "2"


def test_a_cluster_s_chart_is_drawn_once_for_the_counts_it_shows(anonymous, make_user, loaded,
                                                                 client_as, monkeypatch):
    """The cluster page drew its epi curve on every request (0.1 s of its 0.13 s; 20 users on
    one cluster were answered 8 times a second): kept under the counts it draws, a second
    request draws nothing, and a case linked to the cluster is drawn at once."""
    from episurv.web import pages_outbreak

    drawn: list[int] = []
    real = pages_outbreak.to_svg

    def counted(spec):
        drawn.append(1)
        return real(spec)

    monkeypatch.setattr(pages_outbreak, "to_svg", counted)
    email, password = make_user("province")
    assert sign_in(anonymous, email, password).status_code == 303
    link = re.compile(r'<a href="/clusters/(\d+)\?date=2021-11-07">Chợ Khương Trung</a>')
    cluster_id = link.search(anonymous.get("/?date=2021-11-07").text).group(1)
    page = f"/clusters/{cluster_id}?date=2021-11-08"
    first = anonymous.get(page)
    # A7 on 6/11 and A2 on 7/11, both community: two days of the curve, one case each.
    assert first.status_code == 200 and len(drawn) == 1
    assert _curve(first.text) == {("2021-11-06", "Cộng đồng"): 1, ("2021-11-07", "Cộng đồng"): 1}
    assert anonymous.get(page).text == first.text and len(drawn) == 1
    assert client_as("province").post("/api/v1/cases", json={
        "case_id": "A12", "report_date": "2021-11-08", "province": "Hà Nội",
        "district": "Thanh Xuân", "detected_in": "community", "source": "cluster",
        "cluster": "Chợ Khương Trung"}).status_code == 201
    after = anonymous.get(page).text
    assert len(drawn) == 2 and "A12" in after
    assert _curve(after)[("2021-11-08", "Cộng đồng")] == 1


def _curve(page: str) -> dict[tuple[str, str], int]:
    """The cases a page's epi curve draws (its Vega-Lite spec), by day and where found."""
    spec = json.loads(html.unescape(re.search(r'<svg data-vega-spec="([^"]+)"', page).group(1)))
    values = spec["layer"][0]["data"]["values"]
    return {(v["date"], v["where"]): v["cases"] for v in values if v["cases"]}
