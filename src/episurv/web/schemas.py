"""What crosses the API for cases. Types and vocabularies are checked here (422 with field
errors); places, clusters and the order of events by the same rules as the importer."""

from __future__ import annotations

from datetime import date, time
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

DetectedIn = Literal["community", "quarantine", "lockdown"]
Source = Literal["screening", "contact", "travel", "cluster", "unknown"]
Severity = Literal["asymptomatic", "mild", "moderate", "severe", "critical"]
Outcome = Literal["active", "recovered", "died"]


class CaseFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    report_time: Optional[time] = None
    district: Optional[str] = Field(None, max_length=120)
    ward: Optional[str] = Field(None, max_length=120)
    cluster: Optional[str] = Field(None, max_length=200)
    age: Optional[int] = Field(None, ge=0, le=120)
    sex: Optional[Literal["M", "F"]] = None
    onset_date: Optional[date] = None
    sample_date: Optional[date] = None
    vaccine_doses: Optional[int] = Field(None, ge=0, le=4)
    severity: Optional[Severity] = None
    outcome_date: Optional[date] = None
    name: Optional[str] = Field(None, max_length=200)
    phone: Optional[str] = Field(None, max_length=40)
    address: Optional[str] = Field(None, max_length=300)


class CaseIn(CaseFields):
    case_id: Optional[str] = Field(None, min_length=1, max_length=64,
                                   description="Patient code (BN123456); generated if absent")
    report_date: date
    province: str = Field(..., min_length=1, max_length=120)
    detected_in: DetectedIn = "community"
    source: Source = "unknown"
    outcome: Outcome = "active"


class CasePatch(CaseFields):
    """Only the fields given change. `version` is the version the edit was made on: a case
    changed since then is not overwritten (409)."""

    version: Optional[int] = Field(None, ge=1)
    report_date: Optional[date] = None
    province: Optional[str] = Field(None, min_length=1, max_length=120)
    detected_in: Optional[DetectedIn] = None
    source: Optional[Source] = None
    outcome: Optional[Outcome] = None


class CaseOut(BaseModel):
    case_id: str
    report_date: date
    report_time: Optional[time]
    report_day: date
    province: str
    district: Optional[str]
    ward: Optional[str]
    province_code: int
    district_code: Optional[int]
    ward_code: Optional[int]
    detected_in: str
    source: str
    cluster: Optional[str]
    age: Optional[int]
    sex: Optional[str]
    onset_date: Optional[date]
    sample_date: Optional[date]
    vaccine_doses: Optional[int]
    severity: Optional[str]
    outcome: str
    outcome_date: Optional[date]
    name: Optional[str]
    phone: Optional[str]
    address: Optional[str]
    version: int


class CasePage(BaseModel):
    items: list[CaseOut]
    next_after: Optional[str] = Field(None, description="Pass as `after` for the next page")
