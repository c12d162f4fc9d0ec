"""What crosses the API for movement histories, notices and self-declarations."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class VisitIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["home", "workplace", "visit"] = "visit"
    place: str = Field(..., min_length=1, max_length=200)
    address: str | None = Field(None, max_length=300, description="The place's address")
    district: str | None = Field(None, max_length=120)
    ward: str | None = Field(None, max_length=120)
    day: date
    start: str | None = Field(None, max_length=8, description="HH:MM or 9h30")
    end: str | None = Field(None, max_length=8)


class VisitsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    visits: list[VisitIn] = Field(..., min_length=1, max_length=200)


class PublishIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    case_id: str = Field(..., min_length=1, max_length=64)
    since: date | None = None


class WithdrawIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(..., min_length=1, max_length=300)


class DeclarationIn(BaseModel):
    """The public form: only what the ward station needs to call the person."""

    model_config = ConfigDict(extra="forbid")

    notice_id: int = Field(..., ge=1, le=2**31 - 1)
    name: str = Field(..., max_length=100)
    phone: str = Field(..., max_length=20)
    ward: str = Field(..., max_length=120)
    district: str | None = Field(None, max_length=120)
    # Left empty by people; bots fill it.
    website: str | None = Field(None, max_length=200)


# --- what the services return (`episurv exposures list --format json`, the API) -------------

class _Out(BaseModel):
    # Unknown keys are refused, so a field added to a payload without its schema fails the
    # tests (tests/reporting/test_schemas.py validates the CLI's JSON) and the OpenAPI stays true.
    model_config = ConfigDict(extra="forbid")


class PublicNotice(_Out):
    """A published exposure notice: a place and its hours, nothing of the case or a person."""

    id: int
    province: str
    district: str | None
    ward: str | None
    place: str
    address: str | None
    date: str
    start: str | None = Field(description="HH:MM")
    end: str | None = Field(description="HH:MM")
    text_vi: str
    text_en: str


class PublicExposures(_Out):
    """The notices of a province still in force, as items and as the bulletin's text."""

    province: str
    since: str | None
    hotline: str
    lang: str
    text: str
    notices: list[PublicNotice]


class LeftOutVisit(_Out):
    date: str
    place: str
    reason: str = Field(description="Why no notice: the visit is outside the case's "
                                    "infectious period (11042/BYT-DP)")


class PublishResult(_Out):
    published: list[PublicNotice]
    left_out: list[LeftOutVisit]


class VisitOut(_Out):
    """A place in a case's movement history (the case's record: not public)."""

    id: int
    kind: Literal["home", "workplace", "visit"]
    place: str
    address: str | None
    day: str
    start: str | None = Field(description="HH:MM")
    end: str | None = Field(description="HH:MM")


class DeclarationResult(_Out):
    """The answer to a self-declaration. The keys left out of an answer are left out on
    purpose: a form a bot filled is answered `declared` and nothing more, and a repeated one
    names its notice only."""

    status: Literal["declared", "already_declared"]
    notice: PublicNotice | None = None
    ward: str | None = Field(None, description="The ward whose station will call")
    quarantine_until: str | None = None
    policy: str | None = Field(None, description="The quarantine rule in force on the "
                                                 "exposure date")
