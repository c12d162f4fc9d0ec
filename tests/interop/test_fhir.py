"""FHIR R4: resources validated by fhir.resources (its R4B models, wire-compatible with R4 for
these resources), pseudonymised exports, the audit entry, and laboratory Bundles in."""

from __future__ import annotations

import copy
import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.encounter import Encounter
from fhir.resources.R4B.observation import Observation
from sqlalchemy import func, select

from episurv.accounts.models import AuditEntry
from episurv.accounts.scope import SYSTEM, Forbidden, Scope
from episurv.cases import service as cases
from episurv.cases.importer import import_cases
from episurv.cases.models import Case
from episurv.contacts import service as contacts
from episurv.interop import fhir
from episurv.interop.service import (
    RefusedBundle,
    export_fhir,
    import_lab_bundle,
    pseudonymiser,
)

PAYLOADS = Path(__file__).parent / "payloads"
CASES = (
    "case_id,report_date,report_time,province,district,ward,age,sex,onset_date,outcome,"
    "outcome_date,severity,name,phone,address\n"
    "BN500,2021-11-05,,Hà Nội,Ba Đình,Cống Vị,,,,active,,,Lê Văn An,0912000111,3 phố Đội Cấn\n"
    "A1,2021-11-05,09:00,Hà Nội,Cầu Giấy,Dịch Vọng,41,F,2021-11-03,recovered,2021-11-15,mild,"
    "Phạm Thị Hoa,0912000222,8 Trần Thái Tông\n")
PERSONAL = ("Lê Văn An", "0912000111", "Đội Cấn", "Phạm Thị Hoa", "0912000222",
            "Trần Thái Tông", "Nguyễn Văn Bình", "0912345678", "BN500", "A1", "F-1", "F-2")


@pytest.fixture
def loaded(session, write_csv):
    import_cases(session, write_csv(CASES), scope=SYSTEM)
    for code, level, source in (("F-1", "F1", {"source_case": "A1"}),
                                ("F-2", "F2", {"source_contact": "F-1"})):
        contacts.add_contact(session, scope=SYSTEM, values={
            "contact_code": code, "level": level, "exposure_date": "2021-11-04",
            "relation": "household", "name": "Nguyễn Văn Bình", "phone": "0912345678",
            "district": "Cầu Giấy", "ward": "Dịch Vọng", **source})
    session.commit()
    return session


def validated(resources: list[dict]) -> Bundle:
    return Bundle.model_validate(fhir.bundle(resources, kind="searchset"))


def test_check_in_is_vital_sign_observations():
    who = fhir.person("BN1", fhir.CASE_SYSTEM, "p" * 32, False, None, None, None)
    at = datetime(2021, 11, 9, 7, 30, tzinfo=timezone(timedelta(hours=7)))
    obs = fhir.check_in_observations(who, fhir.CheckIn("ci-1", at, spo2=95, respiratory_rate=22,
                                                       pulse=96, temperature=37.8,
                                                       systolic=118, diastolic=76))
    for o in obs:
        Observation.model_validate(o)
    assert [(o["code"]["coding"][0]["code"], o.get("valueQuantity", {}).get("value"),
             o.get("valueQuantity", {}).get("code")) for o in obs] == [
        ("59408-5", 95, "%"), ("9279-1", 22, "/min"), ("8867-4", 96, "/min"),
        ("8310-5", 37.8, "Cel"), ("85354-9", None, None)]
    assert [(c["code"]["coding"][0]["code"], c["valueQuantity"]["value"])
            for c in obs[-1]["component"]] == [("8480-6", 118), ("8462-4", 76)]
    assert obs[0]["effectiveDateTime"] == "2021-11-09T07:30:00+07:00"
    assert obs[0]["subject"] == {"reference": fhir.full_url("Patient", "p" * 32)}
    # A check-in with only a temperature is one Observation.
    assert len(fhir.check_in_observations(who, fhir.CheckIn("ci-2", at, temperature=36.6))) == 1


def test_encounter_of_home_care():
    who = fhir.person("BN1", fhir.CASE_SYSTEM, "q" * 32, True, "X", None, None)
    enc = fhir.encounter(who, ident="enc-1", start=date(2021, 11, 7), end=None)
    Encounter.model_validate(enc)
    assert (enc["status"], enc["class"]["code"], enc["period"]) == (
        "in-progress", "HH", {"start": "2021-11-07"})


def test_case_chain_export_is_pseudonymised_and_valid(loaded):
    resources, counts = export_fhir(loaded, scope=SYSTEM, case_id="A1")
    bundle = validated(resources)
    assert counts == {"patients": 1, "related_persons": 2, "personal": False}
    assert [type(e.resource).__name__ for e in bundle.entry] == [
        "Patient", "Condition", "RelatedPerson", "Observation", "RelatedPerson", "Observation"]
    text = json.dumps(resources, ensure_ascii=False)
    assert [p for p in PERSONAL if p in text] == []
    patient, condition, f1 = resources[0], resources[1], resources[2]
    key = pseudonymiser(loaded)("case", "A1")
    assert len(key) == 32 and patient["id"] == key
    assert patient["identifier"] == [{"system": fhir.PSEUDONYM_SYSTEM, "value": key}]
    assert patient["address"] == [{"district": "Quận Cầu Giấy", "state": "Hà Nội",
                                   "country": "VN"}]
    assert (patient["gender"], condition["clinicalStatus"]["coding"][0]["code"],
            condition["abatementDateTime"], condition["onsetDateTime"]) == (
        "female", "resolved", "2021-11-15", "2021-11-03")
    assert [c["code"] for c in condition["code"]["coding"]] == ["U07.1", "840539006"]
    # Both contacts hang from the case's Patient, the F2 through its F1.
    assert {r["patient"]["reference"] for r in resources if r["resourceType"] ==
            "RelatedPerson"} == {fhir.full_url("Patient", key)}
    assert [c["code"] for c in f1["relationship"][1]["coding"]] == ["F1"]
    # The same case, exported again, has the same pseudonym: exports can be linked.
    again, _ = export_fhir(loaded, scope=SYSTEM, case_id="A1")
    assert again == resources


def test_personal_export_needs_the_right_and_is_audited(loaded):
    national = Scope(role="national", actor="moh@x")
    with pytest.raises(Forbidden, match="a national account has no right to personal data"):
        export_fhir(loaded, scope=national, case_id="A1", personal=True)
    resources, _ = export_fhir(loaded, scope=Scope(role="province", province_code=1,
                                                   actor="cdc@hn"), case_id="A1",
                               personal=True)
    Bundle.model_validate(fhir.bundle(resources))
    patient = resources[0]
    assert (patient["id"], patient["name"], patient["telecom"][0]["value"]) == (
        "A1", [{"text": "Phạm Thị Hoa"}], "0912000222")
    assert patient["address"][0]["text"] == "8 Trần Thái Tông"
    assert resources[2]["name"] == [{"text": "Nguyễn Văn Bình"}]
    entries = loaded.scalars(select(AuditEntry).where(AuditEntry.entity == "fhir")
                             .order_by(AuditEntry.id)).all()
    assert [(e.actor, e.action, e.entity_id, json.loads(e.changes)["personal"])
            for e in entries] == [("cdc@hn", "export", "A1", True)]


def test_province_export_is_scoped(loaded):
    resources, counts = export_fhir(loaded, scope=Scope(role="district", province_code=1,
                                                        district_code=5, actor="d@cg"),
                                    province_code=1, since=date(2021, 11, 1))
    assert counts["patients"] == 1  # only A1 is in Cầu Giấy (district 5)
    validated(resources)
    assert fhir.ndjson(resources).count("\n") == 2
    with pytest.raises(Exception, match="no case 'BN500'"):
        export_fhir(loaded, scope=Scope(role="district", province_code=1, district_code=5,
                                        actor="d@cg"), case_id="BN500")


def lab_bundle() -> dict:
    return json.loads((PAYLOADS / "lab-bundle.json").read_text(encoding="utf-8"))


def test_lab_bundle_creates_and_updates_cases(loaded):
    raw = lab_bundle()
    Bundle.model_validate(raw)
    response, counts = import_lab_bundle(loaded, scope=SYSTEM, raw=raw, name="lab-bundle.json")
    loaded.commit()
    Bundle.model_validate(response)
    new_id = "LAB-" + __import__("hashlib").sha1(
        b"urn:oid:2.16.704.1.1.5|ACC-2021-110700417").hexdigest()[:12].upper()
    assert [e["response"] for e in response["entry"]] == [
        {"status": "200 OK"}, {"status": "201 Created", "location": f"Patient/{new_id}"},
        {"status": "200 OK"}, {"status": "200 OK", "location": "Patient/BN500"},
        {"status": "200 OK"}]
    assert counts == {"rows": 2, "new": 1, "existing": 1, "negative": 1}
    new = cases.case_values(loaded, cases.get_case(loaded, new_id, scope=SYSTEM))
    assert (new["report_date"], new["report_time"].isoformat(), new["sample_date"],
            new["district"], new["ward"], new["sex"], new["age"], new["name"],
            new["phone"], new["address"], new["detected_in"]) == (
        date(2021, 11, 7), "10:15:00", date(2021, 11, 6), "Quận Đống Đa",
        "Phường Láng Thượng", "F", 31, "Trần Thị Mai", "0987654321",
        "12 ngõ 5 Nguyễn Chí Thanh", "community")
    old = cases.case_values(loaded, cases.get_case(loaded, "BN500", scope=SYSTEM))
    # The registered case keeps its report date and name; the result fills sex, age, sample.
    assert (old["report_date"], old["report_time"], old["report_day"], old["name"], old["sex"],
            old["age"], old["sample_date"], old["version"]) == (
        date(2021, 11, 5), None, date(2021, 11, 5), "Lê Văn An", "M", 46, date(2021, 11, 5), 2)
    # Sent again: nothing changes, nothing is duplicated.
    _again, counts = import_lab_bundle(loaded, scope=SYSTEM, raw=lab_bundle(),
                                       name="lab-bundle.json")
    assert counts == {"rows": 2, "new": 0, "existing": 2, "negative": 1}
    assert loaded.scalar(select(func.count()).select_from(Case)) == 3


@pytest.mark.parametrize("change, message", [
    (lambda b: b["entry"][1]["resource"].update(status="preliminary"),
     "entry[1] status 'preliminary': only a final (or amended, corrected) result is taken"),
    (lambda b: b["entry"][1]["resource"]["code"]["coding"][0].update(code="94309-2"),
     "entry[1] code 'http://loinc.org|94309-2': not SARS-CoV-2 RNA (LOINC 94500-6)"),
    (lambda b: b["entry"][0]["resource"]["address"][0].update(district="Quận 1"),
     "entry[1] district 'Quận 1': unknown district 'Quận 1' in Thành phố Hà Nội"),
    (lambda b: b["entry"][1]["resource"].update(effectiveDateTime="2021-11-09"),
     "entry[1] sample_date '2021-11-09': is after report_date"),
    (lambda b: b["entry"][1]["resource"].update(subject={"reference": "Patient/nobody"}),
     "entry[1] subject 'Patient/nobody': not a Patient in this Bundle"),
    (lambda b: b["entry"][3]["resource"].update(issued="yesterday"),
     "not a FHIR R4 Bundle: entry.3.resource issued 'yesterday': Value error, Instant value "
     "string does not match spec regex"),
    (lambda b: b.update(type="document"),
     "Bundle type 'document': send a transaction (or batch, collection) Bundle"),
])
def test_bad_lab_bundles_change_nothing(loaded, change, message):
    raw = lab_bundle()
    change(raw)
    with pytest.raises(RefusedBundle) as err:
        import_lab_bundle(loaded, scope=SYSTEM, raw=raw, name="lab.json")
    assert message in str(err.value)
    assert err.value.outcome["resourceType"] == "OperationOutcome"
    assert loaded.scalar(select(func.count()).select_from(Case)) == 2
    assert cases.case_values(loaded, cases.get_case(loaded, "BN500", scope=SYSTEM))["sex"] \
        is None


def test_lab_result_outside_jurisdiction_is_refused(loaded):
    raw = lab_bundle()
    hcm = copy.deepcopy(raw["entry"][0]["resource"]["address"][0])
    hcm.update(state="TP HCM", district="Quận 1", city="Bến Nghé")
    raw["entry"][0]["resource"]["address"] = [hcm]
    with pytest.raises(RefusedBundle) as err:
        import_lab_bundle(loaded, scope=Scope(role="province", province_code=1, actor="lab"),
                          raw=raw, name="lab.json")
    assert "entry[1] province 'TP HCM': outside your jurisdiction" in str(err.value)
    assert loaded.scalar(select(func.count()).select_from(Case)) == 2

