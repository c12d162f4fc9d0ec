"""What crosses the API for contacts. Values are checked by the import rules
(contacts/validation.py), so the API and a file row obey one set of rules."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class ContactIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    contact_code: str | None = Field(None, min_length=1, max_length=64)
    level: Literal["F1", "F2"] = "F1"
    source_case: str | None = Field(None, max_length=64)
    source_contact: str | None = Field(None, max_length=64)
    exposure_date: date
    exposure_place: str | None = Field(None, max_length=200)
    relation: str = Field("other", max_length=40)
    identified_on: date | None = None
    name: str | None = Field(None, max_length=200)
    phone: str | None = Field(None, max_length=40)
    age: int | None = Field(None, ge=0, le=120)
    sex: Literal["M", "F"] | None = None
    address: str | None = Field(None, max_length=300)
    province: str | None = Field(None, max_length=120)
    district: str | None = Field(None, max_length=120)
    ward: str | None = Field(None, max_length=120)
    team: str | None = Field(None, max_length=60)
    vaccine_doses: int | None = Field(None, ge=0, le=4)
    last_dose_date: date | None = None
    recovered_on: date | None = None
    setting: Literal["home", "facility"] | None = None
    case: str | None = Field(None, max_length=64,
                                description="The case this person already is, if registered")


class CheckIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date: date
    kind: Literal["call", "test"]
    result: Literal["well", "symptoms", "no_answer", "refused", "negative", "positive",
                    "not_done"]
    note: str | None = Field(None, max_length=300)


class BecomeCaseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    report_date: date
    report_time: str | None = Field(None, pattern=r"^\d{1,2}:\d{2}$")
    case_id: str | None = Field(None, min_length=1, max_length=64)
    existing_case: str | None = Field(None, min_length=1, max_length=64)
    join_source_cluster: bool = True


class CloseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(..., min_length=1, max_length=300)
