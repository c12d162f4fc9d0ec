"""What crosses the API and the CLI for care at home: input models with their bounds (a value
outside them is refused with the field named), shared by the routes, the pages and the CLI."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, Field, field_validator

from episurv.homecare.models import ROLES_AT_HOME
from episurv.homecare.triage import SYMPTOMS
from episurv.homecare.vocabulary import STATION_KINDS, TASKS


class StationIn(BaseModel):
    name: str = Field(min_length=2, max_length=200)
    kind: str = Field(pattern="^(" + "|".join(STATION_KINDS) + ")$")
    province: str = "Hà Nội"
    district: str
    wards: list[str] = Field(min_length=1)
    capacity: int = Field(ge=1, le=1000)


class StaffIn(BaseModel):
    email: str


class LogIn(BaseModel):
    date: date
    task: str = Field(pattern="^(" + "|".join(TASKS) + ")$")
    count: int = Field(ge=0, le=100_000)
    note: str | None = Field(None, max_length=300)


class HouseholdIn(BaseModel):
    code: str = Field(min_length=1, max_length=40)
    ward: str
    address: str | None = Field(None, max_length=300)
    phone: str | None = Field(None, max_length=40)


class PersonIn(BaseModel):
    name: str = Field(min_length=2, max_length=200)
    role: str = Field("other", pattern="^(" + "|".join(ROLES_AT_HOME) + ")$")
    birth_year: int | None = Field(None, ge=1900, le=2030)
    sex: str | None = Field(None, pattern="^(M|F)$")
    phone: str | None = Field(None, max_length=40)
    case_id: str | None = Field(None, max_length=64)
    contact_code: str | None = Field(None, max_length=64)
    chronic: bool = False
    pregnant: bool = False
    breastfeeding: bool = False
    liver_disease: bool = False
    kidney_disease: bool = False
    gastric_disease: bool = False
    bleeding_risk: bool = False
    vaccine_doses: int = Field(0, ge=0, le=4)


class AssessmentIn(BaseModel):
    """Intake of an F0: the answers, and the day of the positive test (isolation day 1)."""

    date: date
    positive_on: date
    confirmed_by: str | None = Field(None, pattern="^(pcr|rapid)$")
    symptoms: str | None = Field(None, pattern="^(none|mild|moderate|severe)$")
    resp_rate: int | None = Field(None, ge=5, le=80)
    spo2: int | None = Field(None, ge=50, le=100)
    abnormal_breathing: bool | None = None
    underlying: str | None = Field(None, pattern="^(none|stable|unstable)$")
    listed_disease: bool | None = None
    self_care: bool | None = None


class CheckInIn(BaseModel):
    """A check-in. `client_id` is made where the check-in was made (the phone, or the nurse's
    page): the same id sent again is stored once."""

    client_id: uuid.UUID = Field(default_factory=uuid.uuid4)
    measured_at: datetime
    resp_rate: int | None = Field(None, ge=5, le=80)
    pulse: int | None = Field(None, ge=20, le=250)
    temperature: float | None = Field(None, ge=34, le=43)
    spo2: int | None = Field(None, ge=50, le=100)
    spo2_recheck: int | None = Field(None, ge=50, le=100)
    systolic: int | None = Field(None, ge=50, le=250)
    diastolic: int | None = Field(None, ge=30, le=150)
    symptoms: list[str] = Field(default_factory=list, max_length=20)

    @field_validator("symptoms")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - set(SYMPTOMS))
        if unknown:
            raise ValueError(f"unknown symptoms {unknown}; known: {sorted(SYMPTOMS)}")
        return sorted(set(value))

    @field_validator("measured_at")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("give the time zone (e.g. 2021-11-20T08:05:00+07:00)")
        return value


class StaffCheckInIn(CheckInIn):
    person_id: int
    province_code: int


class ResolveIn(BaseModel):
    resolution: str = Field(pattern="^(called|visited|transferred)$")
    note: str | None = Field(None, max_length=300)


class TestIn(BaseModel):
    date: date
    result: str = Field(pattern="^(negative|positive)$")
    supervised: bool = True


class ReleaseIn(BaseModel):
    date: date


class OutcomeIn(BaseModel):
    date: date
    outcome: str = Field(pattern="^(transferred|died)$")
    note: str | None = Field(None, max_length=300)


class DispenseIn(BaseModel):
    date: date
    package: str = Field(min_length=1, max_length=4)
    doctor_order: str | None = Field(None, max_length=100)
