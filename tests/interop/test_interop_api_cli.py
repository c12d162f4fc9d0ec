"""The FHIR API (token, scope, OperationOutcome) and the interop commands end to end."""

from __future__ import annotations

import json
from pathlib import Path

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.operationoutcome import OperationOutcome
from sqlalchemy import func, select
from typer.testing import CliRunner

from episurv.accounts.models import AuditEntry
from episurv.cases.models import Case
from episurv.cli import app
from episurv.db import session_scope
from episurv.interop import fhir
from episurv.interop.schemas import Bundle as FhirAnswer
from episurv.interop.schemas import OperationOutcome as FhirRefusal

PAYLOADS = Path(__file__).parent / "payloads"
runner = CliRunner()
CASES = ("case_id,report_date,province,district,ward,sex,name,phone,address\n"
         "BN500,2021-11-05,Hà Nội,Ba Đình,Cống Vị,,Lê Văn An,0912000111,3 phố Đội Cấn\n"
         "BN501,2021-11-06,Hà Nội,Cầu Giấy,Dịch Vọng,F,Đỗ Thu,0912000333,9 Xuân Thủy\n")


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def cases_count(db) -> int:
    with session_scope(db) as s:
        return s.scalar(select(func.count()).select_from(Case))


def test_fhir_api_scoped_pseudonymised_and_audited(db, client_as, write_csv):
    assert run("import", "cases", write_csv(CASES)).exit_code == 0
    district = client_as("district", district="Cầu Giấy")
    r = district.get("/api/fhir/Patient", params={"province": "Hà Nội"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/fhir+json"
    bundle = Bundle.model_validate(r.json())
    assert bundle.type == "searchset" and bundle.total == 1
    assert "Đỗ Thu" not in r.text and "BN501" not in r.text
    personal = district.get("/api/fhir/Patient", params={"case": "BN501", "personal": "true"})
    assert personal.json()["entry"][0]["resource"]["name"] == [{"text": "Đỗ Thu"}]
    # The answer is what its OpenAPI schema says, with only the elements the case has (FHIR
    # writes no null): BN501 of the line list above, a woman of Dịch Vọng, Cầu Giấy.
    assert FhirAnswer.model_validate(personal.json()).model_dump(
        exclude_unset=True) == personal.json()
    assert personal.json()["entry"][0] == {
        "fullUrl": fhir.full_url("Patient", "BN501"), "search": {"mode": "match"},
        "resource": {"resourceType": "Patient", "id": "BN501",
                     "identifier": [{"system": "urn:episurv:case", "value": "BN501"}],
                     "name": [{"text": "Đỗ Thu"}],
                     "telecom": [{"system": "phone", "value": "0912000333"}],
                     "gender": "female",
                     "address": [{"text": "9 Xuân Thủy", "city": "Phường Dịch Vọng",
                                  "district": "Quận Cầu Giấy", "state": "Hà Nội",
                                  "country": "VN"}]}}
    nd = district.get("/api/fhir/Patient", params={"province": "Hà Nội", "_format": "ndjson"})
    assert nd.headers["content-type"] == "application/fhir+ndjson"
    assert [json.loads(line)["resourceType"] for line in nd.text.splitlines()] == [
        "Patient", "Condition"]
    viewer = client_as("viewer")
    refused = viewer.get("/api/fhir/Patient", params={"case": "BN500", "personal": "true"})
    assert refused.status_code == 403
    assert "no right to personal data" in refused.json()["detail"]
    with session_scope(db) as s:
        entries = s.execute(select(AuditEntry.actor, AuditEntry.changes).where(
            AuditEntry.entity == "fhir").order_by(AuditEntry.id)).all()
    assert [(a == district.email, json.loads(c)["personal"], json.loads(c)["patients"])
            for a, c in entries] == [(True, False, 1), (True, True, 1), (True, False, 1)]


def test_post_lab_bundle(db, client_as, anonymous, write_csv):
    assert run("import", "cases", write_csv(CASES)).exit_code == 0
    body = (PAYLOADS / "lab-bundle.json").read_bytes()
    assert anonymous.post("/api/fhir/Bundle", content=body).status_code == 401
    viewer = client_as("viewer")
    assert viewer.post("/api/fhir/Bundle", content=body).status_code == 403
    # A laboratory account of another province: every result is outside its jurisdiction.
    hcm = client_as("province", unit="TP HCM")
    refused = hcm.post("/api/fhir/Bundle", content=body)
    assert refused.status_code == 422
    outcome = OperationOutcome.model_validate(refused.json())
    FhirRefusal.model_validate(refused.json())
    assert [i.diagnostics for i in outcome.issue] == [
        "entry[1] province 'Hà Nội': outside your jurisdiction",
        "entry[3] province 'Hà Nội': outside your jurisdiction"]
    assert cases_count(db) == 2
    lab = client_as("province")
    ok = lab.post("/api/fhir/Bundle", content=body)
    assert ok.status_code == 200, ok.text
    response = Bundle.model_validate(ok.json())
    assert FhirAnswer.model_validate(ok.json()).model_dump(exclude_unset=True) == ok.json()
    # A location only where a case was created or updated: no null element.
    entries = ok.json()["entry"]
    assert (entries[0], entries[3]) == ({"response": {"status": "200 OK"}}, {"response": {
        "status": "200 OK", "location": "Patient/BN500"}})
    assert entries[1]["response"]["location"].startswith("Patient/LAB-")
    assert [e.response.status for e in response.entry] == [
        "200 OK", "201 Created", "200 OK", "200 OK", "200 OK"]
    assert cases_count(db) == 3
    bad = lab.post("/api/fhir/Bundle", content=b"{not json")
    assert bad.status_code == 400 and bad.json()["resourceType"] == "OperationOutcome"


def test_cli_dhis2_and_fhir(db, write_csv, tmp_path):
    mapping = PAYLOADS / "mapping.yaml"
    dry = run("import", "dhis2", PAYLOADS / "adx-two-groups.xml", "--mapping", mapping,
              "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert json.loads(dry.stdout)["new"] == 5
    done = run("import", "dhis2", PAYLOADS / "adx-two-groups.xml", "--mapping", mapping)
    assert done.exit_code == 0 and "5 figures: 5 new, 0 corrected" in done.output
    out = tmp_path / "hn.json"
    exported = run("export", "dhis2", "--from", "2021-11-07", "--to", "2021-11-07",
                   "--mapping", mapping, "--province", "Hà Nội", "--out", out)
    assert exported.exit_code == 0, exported.output
    # Hoàn Kiếm sent 4 new cases: its community (4) and quarantine (0) parts are derived
    # (aggregates.rules.complete) and exported with it; and the epidemic level of the mapped
    # districts without figures (level 1: the line list holds no case). Hà Nội and Hoàn Kiếm
    # are assessed on their submitted community cases (61, 4) and have no vaccination
    # coverage: not assessable, no level sent.
    assert "9 data values of 4 units" in exported.output
    assert {(v["orgUnit"], v["dataElement"], v["value"])
            for v in json.loads(out.read_text())["dataValues"]} == {
        ("VN-HN", "vnCovNewCa1", "133"), ("VN-HN", "vnCovNewCa2", "61"),
        ("VN-HN", "vnCovNewCa2", "72"), ("VN-HN", "vnCovDeath1", "0"),
        ("VN-HN-002", "vnCovNewCa1", "4"), ("VN-HN-002", "vnCovNewCa2", "4"),
        ("VN-HN-002", "vnCovNewCa2", "0"), ("VN-HN-001", "vnCovLevel1", "1"),
        ("VN-HN-003", "vnCovLevel1", "1")}
    bad = run("import", "dhis2", PAYLOADS / "datavalueset-bad.json", "--mapping", mapping)
    assert bad.exit_code == 2 and "5 problem(s); nothing was imported" in bad.output
    broken = tmp_path / "m.yaml"
    broken.write_text("measures: {cases: {data_element: A}}\nunits: {provinces: {1: X}}\n")
    assert "unknown measure 'cases'" in run("export", "dhis2", "--from", "2021-11-07", "--to",
                                            "2021-11-07", "--mapping", broken).output

    assert run("import", "cases", write_csv(CASES)).exit_code == 0
    lab = run("import", "fhir", PAYLOADS / "lab-bundle.json")
    assert lab.exit_code == 0, lab.output
    assert "2 positive results: 1 new cases, 1 known; 1 negative results left out" in lab.output
    chain = run("export", "fhir", "--case", "BN500")
    assert chain.exit_code == 0, chain.output
    Bundle.model_validate(json.loads(chain.stdout))
    printed = json.loads(chain.stdout)
    assert FhirAnswer.model_validate(printed).model_dump(exclude_unset=True) == printed
    assert printed["type"] == "searchset" and [
        e["resource"]["resourceType"] for e in printed["entry"]] == ["Patient", "Condition"]
    assert "Lê Văn An" not in chain.stdout and "(pseudonymised)" in chain.output
    bulk = run("export", "fhir", "--province", "Hà Nội", "--since", "2021-11-06", "--format",
               "ndjson")
    assert [json.loads(line)["resourceType"] for line in bulk.stdout.splitlines()] == [
        "Patient", "Condition"] * 2
    assert run("export", "fhir").exit_code == 2
