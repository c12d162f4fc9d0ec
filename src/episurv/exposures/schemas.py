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
