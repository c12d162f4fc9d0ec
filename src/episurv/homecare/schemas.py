"""What crosses the API and the CLI for care at home: input models with their bounds (a value
outside them is refused with the field named), and the models the services return, which the
routes publish as their responses, the pages read and the CLI prints as JSON.

Days and moments are ISO 8601 text, as the service writes them (moments keep the offset they
were read in: UTC for stored ones, Asia/Ho_Chi_Minh on the worklist)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, field_validator

from episurv.homecare.models import CARE_STATUSES, ROLES_AT_HOME
from episurv.homecare.triage import COLOURS, SYMPTOMS
from episurv.homecare.vocabulary import STATION_KINDS, TASKS
from episurv.homecare.worklist import RANKS


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


# --- what the services return -----------------------------------------------------------------

# The vocabularies, from their one definition (a Literal of a tuple is a Literal of its items).
Kind = Literal[STATION_KINDS]
Task = Literal[TASKS]
Role = Literal[ROLES_AT_HOME]
CareStatus = Literal[CARE_STATUSES]
Colour = Literal[COLOURS]
Tag = Literal[RANKS]
# service.attention: why a person needs attention.
Attention = Literal["chronic", "pregnant", "65+", "unvaccinated", "under 12"]


class _Out(BaseModel):
    # Unknown keys are refused, so a field added to a payload without its schema fails the
    # tests (tests/homecare/test_homecare_schemas.py validates the CLI's JSON) and the OpenAPI
    # stays true.
    model_config = ConfigDict(extra="forbid")


class StationSummary(_Out):
    """A station: the wards it covers, what it can follow, whom it follows now, its staff."""

    id: int
    province_code: int
    name: str
    kind: Kind
    district: str
    wards: list[str] = Field(description="The wards it covers, by their full names")
    capacity: int = Field(description="F0 it can follow at home")
    f0_at_home: int = Field(description="People of its households cared for at home now")
    staff: list[str] = Field(description="E-mail addresses of the accounts attached to it")


class StationActivity(RootModel[dict[str, dict[Task, int]]]):
    """The five tasks' counts per day, latest day first ({"2021-11-20": {"tests": 3}}); a day
    or a task with nothing logged is absent."""


class StationDetail(StationSummary):
    activity: StationActivity = Field(description="The 14 days up to the day asked for")


class StationLogEntry(_Out):
    id: int
    date: str
    task: Task
    count: int
    note: str | None


class HouseholdOut(_Out):
    """A household of the station's catchment. Address and phone are personal data: for the
    station only."""

    id: int
    province_code: int
    code: str = Field(description="The station's own label (group and number)")
    ward: str
    address: str | None
    phone: str | None


class PersonAtHome(_Out):
    """A member of a household, with the flags that call for attention. Ages are as on the
    day asked for, else on the day care began."""

    id: int
    province_code: int
    household_id: int
    name: str
    phone: str | None
    birth_year: int | None
    age: int | None
    sex: Literal["M", "F"] | None
    role: Role
    case_id: str | None = Field(description="The case in the register, for an F0")
    contact_code: str | None
    vaccine_doses: int
    chronic: bool
    pregnant: bool
    breastfeeding: bool
    liver_disease: bool
    kidney_disease: bool
    gastric_disease: bool
    bleeding_risk: bool
    attention: list[Attention]
    care_status: CareStatus
    care_start: str | None = Field(description="Day 1 of isolation: the positive test")
    care_end: str | None
    last_colour: Colour | None
    last_checkin_at: str | None


class HouseholdMembers(HouseholdOut):
    members: list[PersonAtHome]


class IntakeCriterion(_Out):
    name: str
    met: bool
    detail: str


class IntakeResult(_Out):
    """An F0 assessed against the rule in force on the day."""

    person_id: int
    policy: str = Field(description="The decision in force, e.g. 261/QĐ-BYT")
    eligible: bool
    criteria: list[IntakeCriterion]
    care_status: CareStatus = Field(description="home when eligible, else transfer")
    link: str | None = Field(description="When eligible: the new personal check-in link "
                                         "(/c/{province}#{token}), shown once")


class PersonalLink(_Out):
    link: str = Field(description="The personal check-in link; its token is the fragment, "
                                  "shown once")


class CheckInRecord(_Out):
    """A stored check-in, triaged when it was stored."""

    id: int
    province_code: int
    person_id: int
    client_id: str
    measured_at: str
    colour: Colour
    reasons: list[str] = Field(description="Why the colour, in English (the pages translate)")
    policy: str
    source: Literal["staff", "self"]
    by: str = Field(description='The staff account, or "self" for the personal link')
    resp_rate: int | None
    pulse: int | None
    temperature: float | None
    spo2: int | None
    spo2_recheck: int | None
    systolic: int | None
    diastolic: int | None
    symptoms: list[str]


class CheckInStored(CheckInRecord):
    duplicate: bool = Field(description="True when this client_id was stored already: the "
                                        "stored check-in, unchanged")


class SelfCheckIn(_Out):
    """What a check-in through the personal link answers: the colour and its reasons, nothing
    about the person."""

    client_id: str
    colour: Colour
    reasons: list[str]
    duplicate: bool


class PublicCheckIn(SelfCheckIn):
    reasons_text: list[str] = Field(description="The reasons in the language asked for")


class LinkStatus(_Out):
    valid: bool = Field(description="Always true: a link that is not valid is answered 404")


class HomeAlert(_Out):
    """An open alert: a red or yellow check-in not yet acted on."""

    id: int
    colour: Colour
    reasons: list[str]
    at: str


class AlertResolution(_Out):
    id: int
    person_id: int
    resolution: str = Field(description="What was done, with the note after a colon")


class RapidTestRecord(_Out):
    date: str
    result: Literal["negative", "positive"]
    supervised: bool


class RapidTestOut(_Out):
    id: int
    person_id: int
    date: str
    result: Literal["negative", "positive"]
    supervised: bool


class MedicineRecord(_Out):
    date: str
    package: str
    doctor_order: str | None


class DispensingOut(_Out):
    id: int
    person_id: int
    date: str
    package: str
    doctor_order: str | None


class HouseholdRef(_Out):
    id: int
    code: str
    address: str | None
    station_id: int


class IntakeRecord(_Out):
    date: str
    policy: str
    eligible: bool
    answers: AssessmentIn
    criteria: list[IntakeCriterion]


class PersonDetail(PersonAtHome):
    """A person under care: values, assessments, check-ins (latest 60, latest first), tests,
    medicine, release and open alerts."""

    household: HouseholdRef
    assessments: list[IntakeRecord]
    checkins: list[CheckInRecord]
    tests: list[RapidTestRecord]
    medicine: list[MedicineRecord]
    released: bool
    open_alerts: list[HomeAlert]


class ReleaseCertificate(_Out):
    """The release from isolation at home (the certificate the station prints)."""

    number: str
    person_id: int
    name: str
    birth_year: int | None
    sex: Literal["M", "F"] | None
    address: str | None
    case_id: str | None
    ward: str
    district: str
    province: str
    care_start: str | None
    release_date: str
    policy: str
    reason: str = Field(description="Why the release, in English (the pages translate)")
    reason_code: str | None = Field(description="The reason's code (homecare.release.REASONS); "
                                                "none for a reason written by hand")
    station: str
    by: str


class ReleaseOutlook(_Out):
    policy: str
    releasable: bool
    test_due: str | None = Field(description="The day a test is due; none when no test is "
                                             "needed any more")
    earliest: str = Field(description="The earliest day of release under this rule")
    reason: str = Field(description="Why, in English (the pages translate)")
    reason_code: str = Field(description="The reason's code (homecare.release.REASONS)")


class WorklistItem(_Out):
    person_id: int
    province_code: int
    name: str
    phone: str | None
    household: str | None = Field(description="The household's code")
    age: int | None
    attention: list[Attention]
    day_of_care: int | None
    tags: list[Tag] = Field(description="Why the person is on the list, most urgent first")
    last_colour: Colour | None
    last_checkin_at: str | None
    missed_due: str | None = Field(description="The due time left unanswered, when missed")
    alerts: list[HomeAlert]
    release: ReleaseOutlook


class WorklistTransfer(_Out):
    """Someone assessed not eligible for care at home: to be transferred."""

    person_id: int
    province_code: int
    name: str
    phone: str | None
    household: str | None


class WorklistCounts(_Out):
    red: int
    missed: int
    yellow: int
    checkin_due: int
    test_due: int
    release_due: int


class Worklist(_Out):
    """A station's worklist at a moment: F0 at home, most urgent first."""

    station: StationSummary
    at: str
    counts: WorklistCounts
    items: list[WorklistItem]
    transfer: list[WorklistTransfer]
