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


SUGGESTED = """case_id,report_date,province,district,ward,address
S1,2021-11-02,Hà Nội,Long Biên,Phúc Đồng,"Số 3, ngõ 12 Phúc Đồng"
S2,2021-11-03,Hà Nội,Long Biên,Phúc Đồng,3 ngo 12 Phuc Dong
S3,2021-11-04,Hà Nội,Long Biên,Gia Thụy,
S4,2021-11-05,Hà Nội,Long Biên,Gia Thụy,
"""


def test_suggestions_links_and_reopening_answer_their_schemas(session, write_csv, client_as):
    """Suggest, accept, reject, unlink and reopen through the API: each answer validates
    against the schema its OpenAPI names, and the CLI prints the same shapes."""
    from episurv.clusters.schemas import (
        AcceptResult,
        ClusterSummary,
        LinkResult,
        RejectResult,
        Suggestion,
        SuggestRun,
        UnlinkResult,
    )
    from episurv.exposures.service import add_visits

    import_cases(session, write_csv(SUGGESTED), scope=SYSTEM)
    for case_id in ("S2", "S3", "S4"):
        add_visits(session, scope=SYSTEM, case_id=case_id, visits=[
            {"kind": "workplace", "place": "Kho hàng Minh Phát", "day": "2021-11-01"}])
    session.commit()
    api = client_as("province")

    run = api.post("/api/v1/clusters/suggestions/run",
                   json={"province": "Hà Nội", "date": "2021-11-07"})
    assert run.status_code == 200, run.text
    SuggestRun.model_validate(run.json())
    assert {k: run.json()[k] for k in ("proposals", "new", "stale")} == {
        "proposals": 1, "new": 1, "stale": 0}
    [proposed] = run.json()["pending"]
    # S2, S3 and S4 shared a workplace (2 ties, weight 2); S1 and S2 a home address (1 tie,
    # weight 2): score 6.0, the workplace named first.
    assert proposed["evidence"] == [
        {"kind": "workplace", "label": "Kho hàng Minh Phát", "cases": ["S2", "S3", "S4"],
         "from": "2021-11-01", "to": "2021-11-01"},
        {"kind": "address", "label": "Số 3, ngõ 12 Phúc Đồng", "cases": ["S1", "S2"],
         "from": "2021-11-02", "to": "2021-11-03"}]
    assert (proposed["action"], proposed["cluster_id"], proposed["name"], proposed["kind"],
            proposed["score"], proposed["first_day"], proposed["last_day"],
            proposed["cases"], proposed["status"]) == (
        "new", None, "Kho hàng Minh Phát", "workplace", 6.0, "2021-11-02", "2021-11-05",
        ["S1", "S2", "S3", "S4"], "pending")
    listed = api.get("/api/v1/clusters/suggestions", params={"province": "Hà Nội"}).json()
    assert listed == [Suggestion.model_validate(proposed).model_dump(mode="json",
                                                                      by_alias=True)]

    accepted = api.post(f"/api/v1/clusters/suggestions/{proposed['id']}/accept",
                        json={"name": "Kho Minh Phát", "cases": ["S2", "S3", "S4"]}).json()
    AcceptResult.model_validate(accepted)
    cid = accepted["cluster_id"]
    assert accepted == {"cluster_id": cid, "linked": ["S2", "S3", "S4"], "unchanged": [],
                        "suggestion": proposed["id"]}
    # S1 shares S2's address: proposed to join S2's cluster, and rejected.
    [extend] = api.post("/api/v1/clusters/suggestions/run",
                        json={"province": "Hà Nội", "date": "2021-11-07"}).json()["pending"]
    assert (extend["action"], extend["cluster_id"], extend["cases"]) == ("extend", cid, ["S1"])
    rejected = api.post(f"/api/v1/clusters/suggestions/{extend['id']}/reject",
                        json={"reason": "a neighbour, not the same household"}).json()
    assert RejectResult.model_validate(rejected).model_dump() == {"suggestion": extend["id"],
                                                                  "status": "rejected"}

    relinked = api.post(f"/api/v1/clusters/{cid}/cases", json={"case_ids": ["S3", "S1"]}).json()
    assert LinkResult.model_validate(relinked).model_dump() == {
        "cluster_id": cid, "linked": ["S1"], "unchanged": ["S3"]}
    unlinked = api.post("/api/v1/clusters/unlink", json={"case_ids": ["S4", "S4"],
                                                         "reason": "tested at work only"})
    assert UnlinkResult.model_validate(unlinked.json()).model_dump() == {"unlinked": ["S4"]}
    assert api.post("/api/v1/clusters/unlink", json={"case_ids": ["S4"]}).json() == {
        "unlinked": []}

    # S1, S2, S3 remain; the last on 4/11. Reopened on 20/12: active from that day again.
    reopened = api.post(f"/api/v1/clusters/{cid}/reopen", json={"date": "2021-12-20"}).json()
    ClusterSummary.model_validate(reopened)
    assert {k: reopened[k] for k in ("name", "total_cases", "first_case_date", "last_case_date",
                                     "reopened_on", "status", "since", "days_without_case",
                                     "new_cases")} == {
        "name": "Kho Minh Phát", "total_cases": 3, "first_case_date": "2021-11-02",
        "last_case_date": "2021-11-04", "reopened_on": "2021-12-20", "status": "active",
        "since": "2021-12-20", "days_without_case": 0, "new_cases": 0}

    # The command line's JSON of the same nouns.
    suggest = CliRunner().invoke(cli, ["clusters", "suggest", "--province", "Hà Nội", "--date",
                                       "2021-11-07", "--format", "json"])
    assert suggest.exit_code == 0, suggest.output
    printed = json.loads(suggest.stdout)
    assert SuggestRun.model_validate(printed).model_dump(mode="json", by_alias=True) == printed
    # S4, taken out, still shares the workplace of S2 and S3: proposed to rejoin them.
    assert [(p["action"], p["cluster_id"], p["cases"]) for p in printed["pending"]] == [
        ("extend", cid, ["S4"])]
    again = CliRunner().invoke(cli, ["clusters", "reopen", str(cid), "--date", "2021-12-21"])
    assert again.exit_code == 0, again.output
    printed = json.loads(again.stdout)
    assert ClusterSummary.model_validate(printed).model_dump(mode="json") == printed
    assert (printed["reopened_on"], printed["days_without_case"]) == ("2021-12-21", 0)
