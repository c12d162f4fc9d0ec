"""Pages the cache answers (issue 11): what a request costs when nothing changed since the page
was drawn, and that a write still shows at once."""

from __future__ import annotations

import threading

import pytest
from signing import sign_in
from statements import statements

from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
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
    in one query."""
    email, password = make_user("province")
    assert sign_in(anonymous, email, password).status_code == 303
    first = anonymous.get("/")
    assert first.status_code == 200 and "Chợ Khương Trung" in first.text
    seen = statements(db, lambda: anonymous.get("/"))
    tables = [s.split(" FROM ", 1)[1].split()[0] for s in seen if s.startswith("SELECT")]
    assert sorted(tables) == ["data_versions", "user_wards", "web_sessions"]
    # A new cluster is a write: it moves the version and shows on the next dashboard.
    api = client_as("province")
    assert api.post("/api/v1/cases", json={
        "case_id": "A12", "report_date": "2021-11-08", "province": "Hà Nội",
        "district": "Ba Đình", "source": "cluster", "cluster": "Ngõ Núi Trúc"}).status_code == 201
    after = anonymous.get("/")
    assert "Ngõ Núi Trúc" in after.text and 'data-testid="new-cases">2<' in after.text


def test_a_cached_public_report_is_the_page_drawn_for_that_address(anonymous, loaded, db):
    """The public report is kept whole per address and language; a request the cache answers
    reads the data version and nothing else, and gets the same bytes."""
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
                                                                    write_csv):
    """A worker of `episurv serve` (create_server_app) draws the latest daily report as it
    starts: its first dashboard-sized request, the report API's, reads the data version and
    nothing else. Before, the first request of each worker drew it (about 3 s on a large
    register, issue 11), and every request for it waited. A write afterwards still shows."""
    import warnings

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
