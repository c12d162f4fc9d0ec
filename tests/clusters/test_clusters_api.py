"""The clusters API with real tokens, and the report as published through the API and CLI."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.cli import app as cli

LINES = """case_id,report_date,province,district
K1,2021-11-02,Hà Nội,Cầu Giấy
K2,2021-11-05,Hà Nội,Cầu Giấy
"""


@pytest.fixture
def loaded(session, write_csv):
    import_cases(session, write_csv(LINES), scope=SYSTEM)
    session.commit()


def test_create_link_and_report_views(loaded, client_as):
    api = client_as("province")
    created = api.post("/api/v1/clusters", json={"name": "Trần Duy Hưng", "province": "Hà Nội",
                                                 "district": "Cầu Giấy", "kind": "residential"})
    assert created.status_code == 201, created.text
    cid = created.json()["id"]
    linked = api.post(f"/api/v1/clusters/{cid}/cases",
                      json={"case_ids": ["K1", "K2"], "reason": "classified today"})
    assert linked.json()["linked"] == ["K1", "K2"]
    detail = api.get(f"/api/v1/clusters/{cid}", params={"date": "2021-11-07"}).json()
    assert (detail["first_case_date"], detail["total_cases"], detail["status"]) == (
        "2021-11-02", 2, "active")
    assert detail["links"][0]["linked_by"] == api.email
    # Linked now (2026 on this machine's clock): the 5/11 report as published had no cluster.
    published = api.get("/api/v1/reports/daily/as-published",
                        params={"province": "Hà Nội", "date": "2021-11-05"}).json()
    assert (published["view"], published["by_cluster"]) == ("as_published", [])
    known = api.get("/api/v1/reports/daily", params={"province": "Hà Nội",
                                                     "date": "2021-11-05"}).json()
    assert known["view"] == "as_known"
    assert known["by_cluster"][0]["cluster"] == "Trần Duy Hưng"
    out = CliRunner().invoke(cli, ["clusters", "report", "--province", "Hà Nội", "--date",
                                   "2021-11-05", "--as-published"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout) == published
    listed = api.get("/api/v1/clusters", params={"date": "2021-11-30", "status": "monitoring"})
    assert [c["name"] for c in listed.json()] == ["Trần Duy Hưng"]


def test_bad_requests(loaded, client_as):
    api = client_as("province")
    assert api.post("/api/v1/clusters", json={"name": "X", "province": "Hà Nội",
                                              "kind": "bar"}).status_code == 422
    assert api.get("/api/v1/clusters/999").status_code == 404
    assert api.post("/api/v1/clusters/suggestions/999/reject",
                    json={"reason": "no"}).status_code == 404


def test_without_a_date_the_api_reads_the_latest_reporting_day_not_the_clock(
        client_as, session, write_csv):
    """A cluster of November 2021 is active on the data's latest day; on the machine's clock
    (years later) it would be closed."""
    from episurv.accounts.scope import SYSTEM
    from episurv.cases.importer import import_cases

    import_cases(session, write_csv(
        "case_id,report_date,province,district,source,cluster\n"
        "K1,2021-11-06,Hà Nội,Ba Đình,cluster,Chợ Ngọc Hà\n"
        "K2,2021-11-07,Hà Nội,Ba Đình,cluster,Chợ Ngọc Hà\n"), scope=SYSTEM)
    session.commit()
    rows = client_as("province").get("/api/v1/clusters").json()
    assert [(r["name"], r["status"], r["total_cases"]) for r in rows] == [
        ("Chợ Ngọc Hà", "active", 2)]
