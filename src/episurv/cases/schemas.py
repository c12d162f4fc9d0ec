"""What crosses the API for cases. Types and vocabularies are checked here (422 with field
errors); places, clusters and the order of events by the same rules as the importer."""

from __future__ import annotations

from datetime import date, time
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from episurv.core.limits import TEXT_MAX as MAX

DetectedIn = Literal["community", "quarantine", "lockdown"]
Source = Literal["screening", "contact", "travel", "cluster", "unknown"]
Severity = Literal["asymptomatic", "mild", "moderate", "severe", "critical"]
Outcome = Literal["active", "recovered", "died", "transferred"]


class CaseFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    report_time: time | None = None
    district: str | None = Field(None, max_length=MAX["district"])
    ward: str | None = Field(None, max_length=MAX["ward"])
    cluster: str | None = Field(None, max_length=MAX["cluster"])
    age: int | None = Field(None, ge=0, le=120)
    sex: Literal["M", "F"] | None = None
    onset_date: date | None = None
    sample_date: date | None = None
    vaccine_doses: int | None = Field(None, ge=0, le=4)
    severity: Severity | None = None
    outcome_date: date | None = None
    name: str | None = Field(None, max_length=MAX["name"])
    phone: str | None = Field(None, max_length=MAX["phone"])
    address: str | None = Field(None, max_length=MAX["address"])


class CaseIn(CaseFields):
    case_id: str | None = Field(None, min_length=1, max_length=MAX["case_id"],
                                   description="Patient code (BN123456); generated if absent")
    report_date: date
    province: str = Field(..., min_length=1, max_length=MAX["province"])
    detected_in: DetectedIn = "community"
    source: Source = "unknown"
    outcome: Outcome = "active"


class CasePatch(CaseFields):
    """Only the fields given change. `version` is the version the edit was made on (required,
    here or as an If-Match header): a case changed since then is not overwritten (409)."""

    version: int | None = Field(None, ge=1)
    report_date: date | None = None
    province: str | None = Field(None, min_length=1, max_length=MAX["province"])
    detected_in: DetectedIn | None = None
    source: Source | None = None
    outcome: Outcome | None = None


class CaseOut(BaseModel):
    case_id: str
    report_date: date
    report_time: time | None
    report_day: date
    province: str
    district: str | None
    ward: str | None
    province_code: int
    district_code: int | None
    ward_code: int | None
    detected_in: str
    source: str
    cluster: str | None
    age: int | None
    sex: str | None
    onset_date: date | None
    sample_date: date | None
    vaccine_doses: int | None
    severity: str | None
    outcome: str
    outcome_date: date | None
    name: str | None
    phone: str | None
    address: str | None
    version: int


class CasePage(BaseModel):
    items: list[CaseOut]
    next_after: str | None = Field(None, description="Pass as `after` for the next page")


class _Out(BaseModel):
    # Unknown keys are refused, so a field added to a payload without its schema fails the
    # tests and the OpenAPI stays true.
    model_config = ConfigDict(extra="forbid")


class SharedCodeRecord(_Out):
    """One province's record of a shared patient code: enough to tell two people apart, no
    name, phone or address."""

    province: str
    province_code: int
    district: str | None
    report_date: str
    onset_date: str | None
    age: int | None
    sex: str | None


class SharedCode(_Out):
    """A patient code used by more than one province (`episurv cases duplicates`)."""

    case_id: str
    records: list[SharedCodeRecord]
