"""The outbreak API with real tokens: the chain route, the follow-up list (same JSON as the
CLI), sign-in and jurisdiction."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.cli import app as cli

CASES = """case_id,report_date,province,district,ward,onset_date
A1,2021-11-05,Hà Nội,Cầu Giấy,Dịch Vọng,2021-11-04
P1,2021-11-05,Hải Phòng,Lê Chân,,
"""


@pytest.fixture
def loaded(session, write_csv):
    import_cases(session, write_csv(CASES), scope=SYSTEM)
    session.commit()


def test_chain_api_with_cycle_refused(loaded, client_as):
    api = client_as("province")
    f1 = {"contact_code": "F-1", "source_case": "A1", "exposure_date": "2021-11-04",
          "relation": "household", "name": "Vũ Thị Thu", "phone": "0912000111",
          "district": "Cầu Giấy", "ward": "Dịch Vọng"}
    created = api.post("/api/v1/contacts", json=f1)
    assert created.status_code == 201, created.text
    assert created.json()["quarantine"]["policy"] == "5599/BYT-MT"
    to_case = api.post("/api/v1/contacts/F-1/case", json={"report_date": "2021-11-07",
                                                          "case_id": "A2"})
    assert to_case.status_code == 200, to_case.text
    chain = api.get("/api/v1/cases/A2/chain").json()
    cases = {n["id"]: n["case_id"] for n in chain["nodes"]}
    assert [(cases[e["source"]], cases[e["target"]], e["exposure_date"], e["relation"])
            for e in chain["edges"]] == [("A1", "A2", "2021-11-04", "household")]
    assert "Vũ Thị Thu" not in json.dumps(chain, ensure_ascii=False)
    # A2's contact who is A1: a cycle A1 -> A2 -> A1.
    cycle = api.post("/api/v1/contacts", json={"contact_code": "F-2", "source_case": "A2",
                                                "exposure_date": "2021-11-06",
                                                "relation": "household", "case": "A1"})
    assert cycle.status_code == 422 and "cycle" in cycle.json()["detail"]
    assert api.get("/api/v1/cases/NOPE/chain").status_code == 404


def test_followup_api_returns_the_cli_json(loaded, client_as):
    api = client_as("admin")
    for code in ("F-1", "F-2"):
        assert api.post("/api/v1/contacts", json={
            "contact_code": code, "source_case": "A1", "exposure_date": "2021-11-04",
            "relation": "workplace", "ward": "Dịch Vọng", "district": "Cầu Giấy"}
        ).status_code == 201
    assert api.post("/api/v1/contacts/F-1/checks", json={
        "date": "2021-11-05", "kind": "call", "result": "well"}).status_code == 200
    params = {"date": "2021-11-05", "province": "Hà Nội"}
    listed = api.get("/api/v1/followup", params=params)
    assert listed.status_code == 200
    assert listed.json()["totals"] == {"followed": 2, "in_quarantine": 2, "call_due": 1,
                                       "call_missed": 1, "test_due": 2, "test_missed": 0}
    out = CliRunner().invoke(cli, ["contacts", "followup", "--date", "2021-11-05", "--province",
                                   "Hà Nội", "--format", "json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout) == listed.json()


def test_sign_in_and_jurisdiction(loaded, client_as, anonymous):
    assert anonymous.get("/api/v1/cases/A1/chain").status_code == 401
    assert anonymous.get("/api/v1/followup").status_code == 401
    hai_phong = client_as("province", unit="Hải Phòng")
    assert hai_phong.get("/api/v1/cases/A1/chain").status_code == 404
    visit = {"visits": [{"place": "chợ Dịch Vọng", "day": "2021-11-04"}]}
    assert hai_phong.post("/api/v1/cases/A1/visits", json=visit).status_code == 404
    assert client_as("province").post("/api/v1/cases/A1/visits", json=visit).status_code == 201
    refused = hai_phong.post("/api/v1/contacts", json={
        "source_case": "A1", "exposure_date": "2021-11-04", "relation": "household"})
    assert refused.status_code == 422  # A1 is not visible from Hải Phòng
    viewer = client_as("viewer")
    assert viewer.post("/api/v1/contacts", json={
        "source_case": "A1", "exposure_date": "2021-11-04", "relation": "household",
        "ward": "Dịch Vọng"}).status_code == 403


def test_a_contacts_answers_follow_their_schemas(loaded, client_as):
    """A contact as the station's API gives it (ContactOut), after a call and a test
    (CheckRecorded: `advice` only after a positive one), closed, and become a case."""
    from episurv.contacts.schemas import BecameCase, CheckRecorded, ContactOut

    api = client_as("province")
    created = api.post("/api/v1/contacts", json={
        "contact_code": "F-3", "source_case": "A1", "exposure_date": "2021-11-04",
        "identified_on": "2021-11-05", "relation": "household", "name": "Vũ Thị Thu",
        "phone": "0912000111", "district": "Cầu Giấy", "ward": "Dịch Vọng"})
    assert created.status_code == 201, created.text
    body = created.json()
    assert ContactOut.model_validate(body).model_dump(mode="json") == body
    # 5599/BYT-MT: 14 days of quarantine from the day after the exposure, 14 of monitoring,
    # tests on days 1, 7 and 14.
    assert body["quarantine"] == {
        "policy": "5599/BYT-MT", "protected": False, "setting": "home", "start": "2021-11-05",
        "end": "2021-11-18", "monitoring_end": "2021-12-02", "follow_end": "2021-12-02",
        "notes": []}
    assert [t["due_on"] for t in body["tests"]] == ["2021-11-05", "2021-11-11", "2021-11-18"]
    assert (body["source_case"], body["status"], body["ward"], body["version"]) == (
        "A1", "active", "Dịch Vọng", 1)
    assert api.get("/api/v1/contacts/F-3").json() == body

    called = api.post("/api/v1/contacts/F-3/checks", json={
        "date": "2021-11-05", "kind": "call", "result": "well"}).json()
    CheckRecorded.model_validate(called)
    assert set(called) == set(body) | {"check_id"}  # no advice after a call
    assert called["last_call_on"] == "2021-11-05"
    tested = api.post("/api/v1/contacts/F-3/checks", json={
        "date": "2021-11-11", "kind": "test", "result": "positive"}).json()
    CheckRecorded.model_validate(tested)
    assert tested["advice"] == "positive test: register the person as a case (become-case)"
    # A test fulfils the earliest one still pending: day 1's, missed on 5/11.
    assert tested["tests"][:2] == [
        {"due_on": "2021-11-05", "done_on": "2021-11-11", "result": "positive"},
        {"due_on": "2021-11-11", "done_on": None, "result": None}]
    assert tested["check_id"] > called["check_id"]

    became = api.post("/api/v1/contacts/F-3/case", json={"report_date": "2021-11-12",
                                                          "case_id": "A3"}).json()
    BecameCase.model_validate(became)
    assert (became["contact_code"], became["case_id"], became["chain"]["case_id"]) == (
        "F-3", "A3", "A3")

    api.post("/api/v1/contacts", json={"contact_code": "F-4", "source_case": "A1",
                                       "exposure_date": "2021-11-04", "relation": "workplace",
                                       "ward": "Dịch Vọng", "district": "Cầu Giấy"})
    closed = api.post("/api/v1/contacts/F-4/close", json={"reason": "moved to Hải Phòng"})
    assert closed.status_code == 200, closed.text
    ContactOut.model_validate(closed.json())
    assert (closed.json()["status"], closed.json()["version"]) == ("closed", 2)
