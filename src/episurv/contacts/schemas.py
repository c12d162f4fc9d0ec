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


# --- what the services return (`episurv contacts followup|chain --format json`, the API) ------

class _Out(BaseModel):
    # Unknown keys are refused, so a field added to a payload without its schema fails the
    # tests (tests/reporting/test_schemas.py validates the CLI's JSON) and the OpenAPI stays true.
    model_config = ConfigDict(extra="forbid")


class FollowupCounts(_Out):
    followed: int
    in_quarantine: int
    call_due: int
    call_missed: int
    test_due: int
    test_missed: int


class FollowupStation(FollowupCounts):
    """The counts of one ward health station's team."""

    ward_code: int | None
    ward: str | None
    team: str | None


class FollowupItem(_Out):
    """One person to act on. Name and phone are there for the station that calls them: the
    follow-up list is never public."""

    contact_code: str
    level: str
    name: str | None
    phone: str | None
    ward: str | None
    team: str | None
    status: str
    phase: Literal["quarantine", "monitoring"]
    day_of_quarantine: int | None
    quarantine_end: str | None
    follow_end: str
    setting: str | None
    policy: str | None = Field(description="The quarantine rule in force on the exposure date")
    call_due: bool
    call_missed: bool
    test_due: bool
    test_missed: bool
    next_test_on: str | None
    last_call_on: str | None


class FollowupDay(_Out):
    date: str
    totals: FollowupCounts
    stations: list[FollowupStation]
    items: list[FollowupItem]
    limit: int
    offset: int


class CaseNode(_Out):
    id: str
    kind: Literal["case"]
    case_id: str
    report_day: str
    district: str | None
    cluster: str | None
    generation: int
    root: bool


class HiddenCaseNode(_Out):
    """A case outside the caller's jurisdiction: a bare node."""

    id: str
    kind: Literal["case"]
    hidden: Literal[True]


class ContactNode(_Out):
    id: str
    kind: Literal["contact"]
    contact_code: str
    level: str
    status: str
    generation: int
    root: bool


class ChainEdge(_Out):
    source: str
    target: str
    contact_code: str
    level: str
    exposure_date: str
    relation: str | None
    flag: str | None = Field(description="Set when the exposure falls outside the source's "
                                         "infectious period (11042/BYT-DP)")


class TransmissionChain(_Out):
    """A case's transmission chain: people (no personal data) and exposures."""

    root: str
    case_id: str
    nodes: list[CaseNode | HiddenCaseNode | ContactNode]
    edges: list[ChainEdge]
    truncated: bool


class QuarantinePlan(_Out):
    """The plan of the rule in force on the exposure date (contacts/quarantine.py)."""

    policy: str
    protected: bool = Field(description="Fully vaccinated or recovered: the shorter plan")
    setting: str = Field(description="home, facility or none")
    start: str
    end: str | None
    monitoring_end: str | None
    follow_end: str
    notes: list[str]


class ScheduledTest(_Out):
    due_on: str
    done_on: str | None
    result: str | None


class ContactOut(_Out):
    """A contact as the ward station sees it. Personal data included: a station's record,
    never a public output."""

    contact_code: str
    level: str
    status: str
    origin: str
    source_case: str | None
    source_contact: str | None
    case: str | None = Field(description="The case this person is, once registered")
    exposure_date: str
    exposure_place: str | None
    relation: str
    identified_on: str
    province: str
    district: str | None
    ward: str | None
    ward_code: int | None
    team: str | None
    name: str | None
    phone: str | None
    address: str | None
    age: int | None
    sex: str | None
    vaccine_doses: int | None
    last_dose_date: str | None
    recovered_on: str | None
    quarantine: QuarantinePlan
    tests: list[ScheduledTest]
    last_call_on: str | None
    next_test_on: str | None
    flag: str | None = Field(description="Why the exposure does not fit the source's "
                                         "infectious period (11042/BYT-DP)")
    version: int


class CheckRecorded(ContactOut):
    """The contact after a call or a test was recorded."""

    check_id: int
    # Present only after a positive test (the route leaves unset keys out).
    advice: str | None = Field(None, description="Only after a positive test: what to do next")


class BecameCase(_Out):
    contact_code: str
    case_id: str = Field(description="The case the contact is now")
    chain: TransmissionChain
