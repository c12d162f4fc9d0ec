"""The JSON API over a real database: same JSON as the CLI, validation, optimistic locking."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.cli import app as cli
from episurv.db import get_engine
from handmade import LINE_LIST


@pytest.fixture
def client(client_as):
    return client_as("province", "Hà Nội")


@pytest.fixture
def loaded(session, write_csv):
    import_cases(session, scope=SYSTEM, path=write_csv(LINE_LIST))
    session.commit()


def test_without_a_credential_the_api_answers_401(anonymous, loaded):
    for method, path in (("get", "/api/v1/cases"), ("get", "/api/v1/cases/A1"),
                         ("patch", "/api/v1/cases/A1"), ("post", "/api/v1/cases")):
        response = getattr(anonymous, method)(path, **({"json": {}} if method != "get" else {}))
        assert response.status_code == 401, (method, path)
        assert response.headers["www-authenticate"] == "Bearer"
    anonymous.headers["Authorization"] = "Bearer eps_not-a-token"
    assert anonymous.get("/api/v1/cases").status_code == 401


def test_report_api_returns_the_cli_json(client, loaded):
    api = client.get("/api/v1/reports/daily", params={"province": "Hà Nội",
                                                      "date": "2021-11-07"})
    assert api.status_code == 200
    cli_out = CliRunner().invoke(cli, ["report", "daily", "--province", "Hà Nội", "--date",
                                       "2021-11-07", "--format", "json"])
    assert cli_out.exit_code == 0, cli_out.output
    assert api.json() == json.loads(cli_out.stdout)
    assert api.json()["new_cases"] == 7


def test_report_errors_are_named(client, loaded):
    bad_date = client.get("/api/v1/reports/daily", params={"province": "Hà Nội",
                                                           "date": "2021-11-31"})
    assert bad_date.status_code == 422
    assert bad_date.json()["detail"] == ("date “2021-11-31”: no such day: month 11 of 2021 "
                                         "has 30 days")
    unknown = client.get("/api/v1/reports/daily", params={"province": "Hà Nộii"})
    assert unknown.status_code == 422 and "did you mean 'Hà Nội'" in unknown.json()["detail"]


def test_create_read_and_edit_a_case(client, loaded):
    created = client.post("/api/v1/cases", json={
        "case_id": "BN900", "report_date": "2021-11-07", "report_time": "18:30",
        "province": "Hà Nội", "district": "Tây Hồ", "ward": "Quảng An",
        "detected_in": "quarantine", "source": "contact", "age": 41, "sex": "F"})
    assert created.status_code == 201, created.text
    body = created.json()
    assert (body["report_day"], body["ward"], body["version"]) == (
        "2021-11-08", "Phường Quảng An", 1)
    assert created.headers["location"] == "/api/v1/cases/BN900"
    # It counts in the report of 8/11 (after the cut-off): A4 + BN900.
    report = client.get("/api/v1/reports/daily", params={"province": "Hà Nội",
                                                         "date": "2021-11-08"}).json()
    assert (report["new_cases"], report["quarantine"]) == (2, 1)

    edited = client.patch("/api/v1/cases/BN900", json={"version": 1, "district": "Ba Đình"})
    assert edited.status_code == 200
    assert (edited.json()["district"], edited.json()["ward"], edited.json()["version"]) == (
        "Quận Ba Đình", None, 2)
    stale = client.patch("/api/v1/cases/BN900", json={"version": 1, "age": 42})
    assert stale.status_code == 409 and "changed by someone else" in stale.json()["detail"]
    assert client.get("/api/v1/cases/BN900").json()["age"] == 41

    again = client.post("/api/v1/cases", json={"case_id": "BN900", "report_date": "2021-11-07",
                                               "province": "Hà Nội"})
    assert again.status_code == 409


def test_patch_an_outcome_with_its_date(client, loaded):
    client.post("/api/v1/cases", json={"case_id": "BN901", "report_date": "2021-11-07",
                                       "province": "Hà Nội", "district": "Tây Hồ",
                                       "onset_date": "2021-11-04"})
    no_date = client.patch("/api/v1/cases/BN901", json={"version": 1, "outcome": "died"})
    assert no_date.status_code == 422
    assert "outcome_date: required when the outcome is died" in no_date.json()["detail"]
    assert no_date.json()["code"] == "outcome_date_required"
    before_onset = client.patch("/api/v1/cases/BN901", json={
        "version": 1, "outcome": "died", "outcome_date": "2021-11-03"})
    assert before_onset.status_code == 422
    assert "before the onset or sample date 2021-11-04" in before_onset.json()["detail"]
    assert client.get("/api/v1/cases/BN901").json()["outcome"] == "active"
    # A death found by a test after it is reported later: before the report date is allowed.
    died = client.patch("/api/v1/cases/BN901", json={
        "version": 1, "outcome": "died", "outcome_date": "2021-11-06"})
    assert died.status_code == 200, died.text
    assert (died.json()["outcome"], died.json()["outcome_date"]) == ("died", "2021-11-06")


def test_bad_bodies_get_field_errors_and_change_nothing(client, loaded):
    wrong_types = client.post("/api/v1/cases", json={"report_date": "2021-11-31",
                                                     "province": "Hà Nội", "age": 130,
                                                     "detected_in": "hospital"})
    assert wrong_types.status_code == 422
    fields = {tuple(e["loc"]) for e in wrong_types.json()["detail"]}
    assert fields == {("body", "report_date"), ("body", "age"), ("body", "detected_in")}
    wrong_place = client.post("/api/v1/cases", json={"report_date": "2021-11-07",
                                                     "province": "Hà Nội", "ward": "Phường 1"})
    assert wrong_place.status_code == 422  # Hà Nội has no Phường 1: never guessed
    assert wrong_place.json()["problems"][0]["field"] == "ward"
    assert client.get("/api/v1/cases/NOPE").status_code == 404
    order = client.post("/api/v1/cases", json={"report_date": "2021-11-07", "province": "Hà Nội",
                                               "onset_date": "2021-11-08"})
    assert order.status_code == 422
    assert order.json()["problems"] == [{"field": "onset_date", "value": "2021-11-08",
                                         "message": "is after report_date"}]


def test_cases_page_through_with_a_cursor(client, loaded):
    first = client.get("/api/v1/cases", params={"limit": 5}).json()
    assert len(first["items"]) == 5 and first["next_after"] is not None
    rest = client.get("/api/v1/cases", params={"limit": 50, "after": first["next_after"]}).json()
    assert rest["next_after"] is None
    ids = [c["case_id"] for c in first["items"] + rest["items"]]
    assert len(ids) == len(set(ids)) == 11  # B1 is in Hải Phòng, outside Hà Nội's scope


def test_openapi(client, loaded):
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    # Swagger UI is vendored: every script and style comes from this server.
    assets = re.findall(r'(?:src|href)="([^"]+)"', docs.text)
    assert sorted(assets) == ["/static/vendor/swagger-ui-5.35.0-bundle.js",
                              "/static/vendor/swagger-ui-5.35.0.css",
                              "/static/vendor/swagger-ui-favicon-32x32.png"]
    assert all(client.get(a).status_code == 200 for a in assets)
    # ...so its page allows no other origin (it allowed a CDN's and an image host's).
    assert docs.headers["content-security-policy"] == (
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' "
        "'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
        "frame-ancestors 'none'")
    spec = client.get("/api/openapi.json").json()
    assert {"/api/v1/cases", "/api/v1/cases/{case_id}", "/api/v1/reports/daily"} <= set(
        spec["paths"])


def test_reading_the_case_list_leaves_the_daily_reports_etag_valid(client, loaded):
    """Issue 11: the audited read of GET /api/v1/cases moved the data version, so every read
    threw away the reports cached under it and queued on its row. A read is still audited but
    changes no data: the report's ETag stays and answers 304."""
    params = {"province": "Hà Nội", "date": "2021-11-07"}
    tag = client.get("/api/v1/reports/daily", params=params).headers["etag"]
    assert client.get("/api/v1/cases", params={"limit": 5}).status_code == 200
    again = client.get("/api/v1/reports/daily", params=params, headers={"If-None-Match": tag})
    assert again.status_code == 304
    # A write still moves it (A12 counts in the report of 7/11).
    assert client.post("/api/v1/cases", json={"case_id": "A12", "report_date": "2021-11-07",
                                              "province": "Hà Nội"}).status_code == 201
    changed = client.get("/api/v1/reports/daily", params=params, headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed.json()["new_cases"] == 8


def test_a_page_of_cases_reads_its_clusters_in_one_query(client, session, write_csv, db):
    """Issue 11: the case list read each case's cluster with its own query (N+1). Four cases in
    four clusters cost the same statements as one case in one cluster."""
    from sqlalchemy import event

    def statements(rows: str) -> tuple[int, list[str | None]]:
        import_cases(session, scope=SYSTEM, path=write_csv(
            "case_id,report_date,province,district,source,cluster\n" + rows))
        session.commit()
        client.get("/api/v1/cases")  # the token's first use of the hour is written once
        seen: list[str] = []
        engine = get_engine(db)

        def count(conn, cursor, statement, *args):
            seen.append(statement)
        event.listen(engine, "before_cursor_execute", count)
        try:
            items = client.get("/api/v1/cases", params={"limit": 50}).json()["items"]
        finally:
            event.remove(engine, "before_cursor_execute", count)
        return len(seen), sorted(c["cluster"] or "" for c in items)

    one, names = statements("C1,2021-11-07,Hà Nội,Ba Đình,cluster,Ổ dịch 1\n")
    assert names == ["Ổ dịch 1"]
    four, names = statements("".join(f"C{i},2021-11-07,Hà Nội,Ba Đình,cluster,Ổ dịch {i}\n"
                                     for i in range(2, 5)))
    assert names == ["Ổ dịch 1", "Ổ dịch 2", "Ổ dịch 3", "Ổ dịch 4"]
    assert four == one


def test_the_case_list_and_a_lookup_read_the_register_in_one_statement(client, loaded, db):
    """Issues 11 and 16: a page of cases, and one case, are read with their clusters' names
    joined in one SELECT (the clusters were a second query, the rows built as ORM objects
    first); the answers are as they were: A2 and A7 are in the cluster Chợ Khương Trung."""
    from statements import statements

    client.get("/api/v1/cases")  # the token's first use of the hour is written once
    answers: dict[str, object] = {}

    def read_both() -> None:
        answers["page"] = client.get("/api/v1/cases", params={"limit": 50}).json()
        answers["case"] = client.get("/api/v1/cases/A2").json()
    seen = statements(db, read_both)
    # (The audit entries' own reads, on SQLite, name neither table.)
    reads = [s for s in seen if s.startswith("SELECT") and ("cases" in s or "clusters" in s)]
    assert len(reads) == 2, reads
    assert all("FROM cases" in s and "clusters" in s for s in reads)
    items = {c["case_id"]: c for c in answers["page"]["items"]}
    assert sorted(items) == ["A1", "A10", "A11", "A2", "A3", "A4", "A5", "A6", "A7", "A8",
                             "A9"]
    assert {k for k, c in items.items() if c["cluster"]} == {"A2", "A7", "A8"}
    assert items["A8"]["cluster"] == "Bạch Trữ"
    assert answers["case"] == items["A2"]
    assert answers["case"]["cluster"] == "Chợ Khương Trung"
    assert answers["case"]["district"] == "Quận Thanh Xuân" and answers["case"]["version"] == 1


def test_drawing_a_report_takes_no_second_connection(anonymous, loaded, db):
    """Issue 11: under load the daily report API stopped answering. A request drawing the
    report (a cache miss) opened a second connection while it held its own, and the requests
    waiting for that drawing held the rest of the pool: no connection was left to draw it.
    Each request now reads everything through the one connection it holds."""
    from sqlalchemy import event

    from episurv.web import cache

    pool = get_engine(db).pool
    out, most = [0], [0]

    def checkout(*_args):
        out[0] += 1
        most[0] = max(most[0], out[0])

    def checkin(*_args):
        out[0] -= 1

    event.listen(pool, "checkout", checkout)
    event.listen(pool, "checkin", checkin)
    try:
        for path in ("/api/v1/reports/daily?province=Hà Nội", "/public/report", "/"):
            cache.clear()
            most[0] = 0
            answer = anonymous.get(path)
            assert answer.status_code == 200, path
            assert most[0] == 1, path
    finally:
        event.remove(pool, "checkout", checkout)
        event.remove(pool, "checkin", checkin)
    assert 'data-testid="new-cases">' in anonymous.get("/public/report").text


def test_a_case_transferred_to_hospital_through_the_api(client, loaded):
    edited = client.patch("/api/v1/cases/A1", json={"version": 1, "outcome": "transferred",
                                                    "outcome_date": "2021-11-09"})
    assert edited.status_code == 200, edited.text
    assert (edited.json()["outcome"], edited.json()["outcome_date"]) == (
        "transferred", "2021-11-09")
    refused = client.patch("/api/v1/cases/A1", json={"version": 2, "outcome": "moved"})
    assert refused.status_code == 422 and "'transferred'" in refused.text
    assert client.get("/api/v1/cases/A1").json()["version"] == 2


def test_lookups_and_pages_reuse_one_statement_per_jurisdiction(client_as, loaded):
    """Issue 16: the lookup's statement was built afresh for each request, with the case code
    in it, which cost more CPU than reading the row. It is now built once per jurisdiction,
    the code and the list's cursor given as parameters: two accounts of one province share it,
    a district account has its own and still finds only its district's cases."""
    from episurv.cases import service

    service._lookup_statement.cache_clear()
    service._page_statement.cache_clear()
    first, second = client_as("province"), client_as("province")
    district = client_as("district", "Hà Nội", "Ba Đình")
    assert first.get("/api/v1/cases/A2").json()["cluster"] == "Chợ Khương Trung"
    assert second.get("/api/v1/cases/A7").json()["report_date"] == "2021-11-06"
    assert first.get("/api/v1/cases/B1").status_code == 404  # Hải Phòng: outside the scope
    assert district.get("/api/v1/cases/A3").json()["district"] == "Quận Ba Đình"
    assert district.get("/api/v1/cases/A2").status_code == 404  # Thanh Xuân
    looked_up = service._lookup_statement.cache_info()
    assert (looked_up.misses, looked_up.hits) == (2, 3)
    # Pages: one statement a page size and with or without a cursor, whoever pages.
    page = first.get("/api/v1/cases", params={"limit": 5}).json()
    again = second.get("/api/v1/cases", params={"limit": 5}).json()
    assert page == again and len(page["items"]) == 5
    rest = second.get("/api/v1/cases", params={"limit": 5, "after": page["next_after"]}).json()
    last = first.get("/api/v1/cases", params={"limit": 5, "after": rest["next_after"]}).json()
    ids = [c["case_id"] for c in page["items"] + rest["items"] + last["items"]]
    assert len(ids) == len(set(ids)) == 11 and last["next_after"] is None
    paged = service._page_statement.cache_info()
    assert (paged.misses, paged.hits) == (2, 2)


def test_a_province_by_its_gso_code(client, loaded, session):
    """An analyst's "01" (Hà Nội's GSO code) was refused as an unknown province; a district or
    ward written as a number stays a name, never a unit's code."""
    by_name = client.get("/api/v1/reports/daily", params={"province": "Hà Nội",
                                                          "date": "2021-11-07"})
    for code in ("01", "1", " 01 "):
        by_code = client.get("/api/v1/reports/daily", params={"province": code,
                                                              "date": "2021-11-07"})
        assert by_code.status_code == 200, by_code.text
        assert by_code.json() == by_name.json()
    cases = client.get("/api/v1/cases", params={"province": "01"})
    assert cases.status_code == 200
    assert cases.json() == client.get("/api/v1/cases", params={"province": "Hà Nội"}).json()
    unknown = client.get("/api/v1/reports/daily", params={"province": "99"})
    assert unknown.status_code == 422
    assert unknown.json()["detail"] == ("no province has the code 99 (Hà Nội is 01, Hồ Chí "
                                        "Minh 79)")
    from episurv.geo.units import DISTRICT, PROVINCE, WARD, register
    reg = register()
    hcm = reg.resolve("79", PROVINCE)
    assert hcm.name == "Thành phố Hồ Chí Minh"
    # District code 1 is Quận Ba Đình of Hà Nội: a list's "1" and "12" are Quận 1 and
    # Phường 12 of their city.
    q1 = reg.resolve("1", DISTRICT, hcm.code)
    assert q1.name == "Quận 1"
    q3 = reg.resolve("3", DISTRICT, hcm.code)
    assert reg.resolve("12", WARD, q3.code).name == "Phường 12"
