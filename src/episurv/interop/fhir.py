"""HL7 FHIR R4 resources of episurv's people and results, built and read as plain dicts.

Pure: plain values in, resources out (and a laboratory Bundle back to line-list rows); no
session, no clock. The codes are the published ones: COVID-19 as ICD-10 U07.1 (WHO emergency
code) and SNOMED CT 840539006; exposure to SARS-CoV-2 SNOMED CT 840546002; SARS-CoV-2 RNA by
NAA LOINC 94500-6 with results SNOMED CT 10828004 (positive) / 260373001 (detected); vital signs
as the FHIR R4 vital-signs profile codes them (LOINC 59408-5 SpO2, 9279-1 respiratory rate,
8867-4 pulse, 8310-5 body temperature, 85354-9 blood pressure panel with 8480-6 systolic and
8462-4 diastolic), units in UCUM.

Pseudonymised by default: without `personal` a Patient or RelatedPerson carries no name, phone
or address, and its identifier is a keyed hash (the key is the installation's, see service).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from episurv.interop.payload import Problem

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
ICD10 = "http://hl7.org/fhir/sid/icd-10"
UCUM = "http://unitsofmeasure.org"
OBS_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
# episurv's own identifier systems: the case code (BN123456), the contact code, and the keyed
# hash that stands for either in a pseudonymised export.
CASE_SYSTEM = "urn:episurv:case"
CONTACT_SYSTEM = "urn:episurv:contact"
PSEUDONYM_SYSTEM = "urn:episurv:pseudonym"
RELATION_SYSTEM = "urn:episurv:contact-relation"
LEVEL_SYSTEM = "urn:episurv:contact-level"

SARS_COV_2_RNA = "94500-6"
POSITIVE = {(SNOMED, "10828004"), (SNOMED, "260373001")}  # Positive; Detected
NEGATIVE = {(SNOMED, "260385009"), (SNOMED, "260415000")}  # Negative; Not detected
_NAMESPACE = uuid.UUID("7f0c3d52-3f5e-4c55-9b7e-4f2a3c1d9e10")

COVID_19 = {"coding": [{"system": ICD10, "code": "U07.1", "display": "COVID-19"},
                       {"system": SNOMED, "code": "840539006", "display": "COVID-19"}],
            "text": "COVID-19"}
# Severity of the line list -> SNOMED CT severity (asymptomatic has none: no disease course).
SEVERITY = {"mild": ("255604002", "Mild"), "moderate": ("6736007", "Moderate"),
            "severe": ("24484000", "Severe"), "critical": ("442452003", "Life threatening")}
GENDER = {"M": "male", "F": "female"}


def full_url(kind: str, ident: str) -> str:
    """A stable urn:uuid for a resource, so references in a Bundle resolve and an export
    made twice is the same."""
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{kind}/{ident}')}"


def _ref(kind: str, ident: str) -> dict:
    return {"reference": full_url(kind, ident)}


def _day(value: date | str | None) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)[:10]


def _clean(resource: dict) -> dict:
    """Drop empty fields: FHIR forbids empty values ("" or [] or {})."""
    return {k: v for k, v in resource.items() if v not in (None, "", [], {})}


@dataclass(frozen=True)
class Person:
    """Who a resource is about, as an export may show them."""

    ident: str  # resource id: the case/contact code, or its pseudonym
    identifier: dict
    name: str | None = None
    phone: str | None = None
    address: str | None = None
    personal: bool = False


def person(code: str, system: str, pseudonym: str, personal: bool, name: str | None,
           phone: str | None, address: str | None) -> Person:
    """The identity of a case or contact in an export: with `personal` the real code and the
    personal fields; otherwise only the keyed hash."""
    if personal:
        return Person(resource_id(code), {"system": system, "value": code}, name, phone, address,
                      personal=True)
    return Person(pseudonym, {"system": PSEUDONYM_SYSTEM, "value": pseudonym})


def resource_id(code: str) -> str:
    # A FHIR id is [A-Za-z0-9-.]{1,64}: other characters of a code become "-".
    return "".join(c if c.isascii() and (c.isalnum() or c in "-.") else "-"
                   for c in code)[:64] or "x"


def _address(who: Person, province: str | None, district: str | None,
             ward: str | None) -> list[dict]:
    """The units are not personal (they are how every report counts); the ward and the
    street address are given only with personal data."""
    addr = _clean({"text": who.address, "city": ward if who.personal else None,
                   "district": district, "state": province, "country": "VN"})
    return [addr] if addr else []


def patient(who: Person, *, sex: str | None, province: str | None, district: str | None,
            ward: str | None = None, died_on: date | None = None) -> dict:
    return _clean({
        "resourceType": "Patient", "id": who.ident, "identifier": [who.identifier],
        "name": [{"text": who.name}] if who.name else None,
        "telecom": [{"system": "phone", "value": who.phone}] if who.phone else None,
        "gender": GENDER.get(sex or "", "unknown"),
        "deceasedDateTime": _day(died_on),
        "address": _address(who, province, district, ward),
    })


def condition(who: Person, *, outcome: str, report_date: date, onset_date: date | None,
              outcome_date: date | None, severity: str | None) -> dict:
    """The COVID-19 diagnosis of a case: active (also when transferred to hospital), resolved on
    recovery, inactive on death."""
    # A transferred case is still an infection under treatment (at the hospital).
    status = {"active": "active", "recovered": "resolved", "died": "inactive",
              "transferred": "active"}[outcome]
    sev = SEVERITY.get(severity or "")
    return _clean({
        "resourceType": "Condition", "id": f"{who.ident}-covid",
        "clinicalStatus": {"coding": [{"system": CLINICAL, "code": status}]},
        "verificationStatus": {"coding": [{"system": VERIFICATION, "code": "confirmed"}]},
        "code": COVID_19,
        "severity": {"coding": [{"system": SNOMED, "code": sev[0], "display": sev[1]}]}
        if sev else None,
        "subject": _ref("Patient", who.ident),
        "onsetDateTime": _day(onset_date),
        "abatementDateTime": _day(outcome_date) if outcome == "recovered" else None,
        "recordedDate": _day(report_date),
    })


def encounter(who: Person, *, ident: str, start: date, end: date | None,
              home: bool = True) -> dict:
    """A stretch of care: at home (v3 ActCode HH, home health: a mobile medical station's
    follow-up of an F0) or in hospital (IMP, inpatient)."""
    return _clean({
        "resourceType": "Encounter", "id": ident,
        "status": "finished" if end else "in-progress",
        "class": {"system": ACT_CODE, "code": "HH" if home else "IMP",
                  "display": "home health" if home else "inpatient encounter"},
        "subject": _ref("Patient", who.ident),
        "period": _clean({"start": _day(start), "end": _day(end)}),
        "reasonCode": [COVID_19],
    })


@dataclass(frozen=True)
class CheckIn:
    """One health record of an F0 cared for at home (4038/QĐ-BYT, 261/QĐ-BYT: twice a day):
    any measure may be missing."""

    ident: str
    at: datetime
    spo2: float | None = None  # %
    respiratory_rate: int | None = None  # breaths/min
    pulse: int | None = None  # beats/min
    temperature: float | None = None  # °C
    systolic: int | None = None  # mm[Hg]
    diastolic: int | None = None


VITALS = (  # field, LOINC, display, UCUM unit
    ("spo2", "59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry", "%"),
    ("respiratory_rate", "9279-1", "Respiratory rate", "/min"),
    ("pulse", "8867-4", "Heart rate", "/min"),
    ("temperature", "8310-5", "Body temperature", "Cel"),
)


def _quantity(value: float, unit: str) -> dict:
    return {"value": value, "unit": unit, "system": UCUM, "code": unit}


def _vital(ident: str, subject: str, at: datetime, code: str, display: str) -> dict:
    return {"resourceType": "Observation", "id": ident, "status": "final",
            "category": [{"coding": [{"system": OBS_CATEGORY, "code": "vital-signs"}]}],
            "code": {"coding": [{"system": LOINC, "code": code, "display": display}],
                     "text": display},
            "subject": _ref("Patient", subject), "effectiveDateTime": at.isoformat()}


def check_in_observations(who: Person, check_in: CheckIn) -> list[dict]:
    """A home-care check-in as vital-sign Observations, one per measure taken; the blood
    pressure as one panel with its systolic and diastolic components."""
    out = []
    for field, code, display, unit in VITALS:
        value = getattr(check_in, field)
        if value is not None:
            obs = _vital(f"{check_in.ident}-{code}", who.ident, check_in.at, code, display)
            obs["valueQuantity"] = _quantity(value, unit)
            out.append(obs)
    if check_in.systolic is not None or check_in.diastolic is not None:
        obs = _vital(f"{check_in.ident}-85354-9", who.ident, check_in.at, "85354-9",
                     "Blood pressure panel with all children optional")
        obs["component"] = [
            {"code": {"coding": [{"system": LOINC, "code": code, "display": display}]},
             "valueQuantity": _quantity(value, "mm[Hg]")}
            for code, display, value in (("8480-6", "Systolic blood pressure",
                                          check_in.systolic),
                                         ("8462-4", "Diastolic blood pressure",
                                          check_in.diastolic)) if value is not None]
        out.append(obs)
    return out


def related_person(who: Person, *, case_ident: str, level: str, relation: str) -> dict:
    """A contact (F1, F2) as a person related to the case they are traced from."""
    return _clean({
        "resourceType": "RelatedPerson", "id": who.ident, "identifier": [who.identifier],
        "patient": _ref("Patient", case_ident),
        "relationship": [{"coding": [{"system": RELATION_SYSTEM, "code": relation}],
                          "text": relation},
                         {"coding": [{"system": LEVEL_SYSTEM, "code": level}], "text": level}],
        "name": [{"text": who.name}] if who.name else None,
        "telecom": [{"system": "phone", "value": who.phone}] if who.phone else None,
        "address": [{"text": who.address}] if who.address else None,
    })


def exposure_observation(who: Person, *, exposure_date: date, relation: str,
                         place: str | None) -> dict:
    """The exposure of a contact: SNOMED CT 840546002, on the exposure date, its focus the
    RelatedPerson (an Observation's subject cannot be a RelatedPerson in R4)."""
    return _clean({
        "resourceType": "Observation", "id": f"{who.ident}-exposure", "status": "final",
        "category": [{"coding": [{"system": OBS_CATEGORY, "code": "social-history"}]}],
        "code": {"coding": [{"system": SNOMED, "code": "840546002",
                             "display": "Exposure to SARS-CoV-2"}],
                 "text": "Exposure to SARS-CoV-2"},
        "focus": [_ref("RelatedPerson", who.ident)],
        "effectiveDateTime": _day(exposure_date),
        "valueCodeableConcept": {"coding": [{"system": RELATION_SYSTEM, "code": relation}],
                                 "text": relation},
        "note": [{"text": place}] if place and who.personal else None,
    })


def bundle(resources: Iterable[dict], *, kind: str = "collection",
           total: int | None = None) -> dict:
    """A Bundle of the resources (each entry's fullUrl the one references point to)."""
    entries: list[dict[str, Any]] = [
        {"fullUrl": full_url(r["resourceType"], r["id"]), "resource": r} for r in resources]
    if kind == "searchset":
        for e in entries:
            e["search"] = {"mode": "match" if e["resource"]["resourceType"] == "Patient"
                           else "include"}
    out: dict = {"resourceType": "Bundle", "type": kind}
    if kind == "searchset":
        out["total"] = total if total is not None else sum(
            1 for e in entries if e["resource"]["resourceType"] == "Patient")
    out["entry"] = entries
    return out


def ndjson(resources: Iterable[dict]) -> str:
    """FHIR Bulk Data's newline-delimited JSON: one resource a line."""
    return "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n"
                   for r in resources)


# --- reading a laboratory's Bundle --------------------------------------------------------

def _codes(concept: dict | None) -> set[tuple[str, str]]:
    return {(c.get("system", ""), c.get("code", "")) for c in (concept or {}).get("coding", [])}


def _age(birth: str | None, on: str | None) -> str | None:
    if not birth or not on or len(birth) < 10:
        return None
    b, d = date.fromisoformat(birth[:10]), date.fromisoformat(on[:10])
    return str(d.year - b.year - ((d.month, d.day) < (b.month, b.day)))


def lab_rows(raw: dict, local_zone) -> tuple[list[tuple[str, dict, str | None]],
                                             list[Problem], int]:
    """The positive SARS-CoV-2 RNA results of a Bundle as line-list rows (the import
    vocabulary of cases), each with where it is in the Bundle and the laboratory's identifier
    of the result; the problems; and how many results were negative (not cases, left out).

    A result names its case by the Patient's episurv case identifier (an update), or is a new
    case keyed by the laboratory's identifier of the Observation (so a resent Bundle updates,
    never duplicates). `local_zone` turns the result's issued instant into the local reporting
    date and time."""
    by_url: dict[str, dict] = {}
    for e in raw.get("entry", []):
        res = e.get("resource") or {}
        if e.get("fullUrl"):
            by_url[e["fullUrl"]] = res
        if res.get("resourceType") and res.get("id"):
            by_url[f"{res['resourceType']}/{res['id']}"] = res
    rows: list[tuple[str, dict, str | None]] = []
    problems: list[Problem] = []
    negatives = 0
    for i, e in enumerate(raw.get("entry", [])):
        res = e.get("resource") or {}
        where = f"entry[{i}]"
        kind = res.get("resourceType")
        if kind in ("Patient", "Specimen", "Organization", "Practitioner", "ServiceRequest"):
            continue
        if kind != "Observation":
            problems.append(Problem(where, "resourceType", str(kind),
                                       "a laboratory Bundle holds Observations and their "
                                       "Patients"))
            continue
        if (LOINC, SARS_COV_2_RNA) not in _codes(res.get("code")):
            codes = ", ".join(f"{s}|{c}" for s, c in sorted(_codes(res.get("code"))))
            problems.append(Problem(where, "code", codes, f"not SARS-CoV-2 RNA (LOINC "
                                                             f"{SARS_COV_2_RNA})"))
            continue
        if res.get("status") not in ("final", "amended", "corrected"):
            problems.append(Problem(where, "status", str(res.get("status")),
                                       "only a final (or amended, corrected) result is taken"))
            continue
        result = _codes(res.get("valueCodeableConcept"))
        if result & NEGATIVE:
            negatives += 1
            continue
        if not result & POSITIVE:
            problems.append(Problem(where, "valueCodeableConcept",
                                       ", ".join(f"{s}|{c}" for s, c in sorted(result)),
                                       "not a positive (SNOMED CT 10828004, 260373001) or "
                                       "negative result"))
            continue
        subject = (res.get("subject") or {}).get("reference", "")
        pat = by_url.get(subject)
        if pat is None or pat.get("resourceType") != "Patient":
            problems.append(Problem(where, "subject", subject,
                                       "not a Patient in this Bundle"))
            continue
        case_id = next((ident.get("value") for ident in pat.get("identifier", [])
                        if ident.get("system") == CASE_SYSTEM), None)
        lab_id = next((f"{ident.get('system', '')}|{ident['value']}"
                       for ident in res.get("identifier", []) if ident.get("value")), None)
        if case_id is None and lab_id is None:
            problems.append(Problem(where, "identifier", "",
                                       "give the result's laboratory identifier (accession "
                                       f"number) or the Patient's {CASE_SYSTEM} identifier"))
            continue
        issued = res.get("issued") or res.get("effectiveDateTime")
        if not issued:
            problems.append(Problem(where, "issued", "", "required: when the result was "
                                                            "issued is the report date"))
            continue
        try:
            moment = datetime.fromisoformat(issued.replace("Z", "+00:00"))
        except ValueError:
            problems.append(Problem(where, "issued", issued, "not a FHIR instant"))
            continue
        if moment.tzinfo is not None:
            moment = moment.astimezone(local_zone)
        address = (pat.get("address") or [{}])[0]
        name = (pat.get("name") or [{}])[0]
        full_name = name.get("text") or " ".join(
            [name.get("family", ""), *name.get("given", [])]).strip() or None
        phone = next((t.get("value") for t in pat.get("telecom", [])
                      if t.get("system") == "phone"), None)
        sample = _day(res.get("effectiveDateTime"))
        rows.append((where, {
            "case_id": case_id, "report_date": moment.date().isoformat(),
            "report_time": moment.strftime("%H:%M") if len(issued) > 10 else None,
            "province": address.get("state"), "district": address.get("district"),
            "ward": address.get("city"),
            "sex": {"male": "M", "female": "F"}.get(pat.get("gender", "")),
            "age": _age(pat.get("birthDate"), sample or moment.date().isoformat()),
            "sample_date": sample, "name": full_name, "phone": phone,
            "address": ", ".join(address.get("line", [])) or address.get("text"),
        }, lab_id))
    return rows, problems, negatives
