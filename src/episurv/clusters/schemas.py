"""What crosses the API for clusters."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Kind = Literal["workplace", "market", "residential", "hospital", "school", "other"]


class ClusterIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(..., min_length=1, max_length=200,
                      description='As people say it: "Chợ Ninh Hiệp"')
    province: str = Field(..., min_length=1, max_length=120)
    district: str | None = Field(None, max_length=120)
    ward: str | None = Field(None, max_length=120)
    address: str | None = Field(None, max_length=300)
    kind: Kind = "other"


class LinkIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    case_ids: list[str] = Field(..., min_length=1, max_length=5000)
    reason: str | None = Field(None, max_length=300)


class ReopenIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date: date
    reason: str | None = Field(None, max_length=300)


class SuggestIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    province: str
    date: date
    window_days: int = Field(14, ge=1, le=60)
    min_cases: int = Field(3, ge=2, le=100)


class AcceptIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=200)
    kind: Kind | None = None
    cases: list[str] | None = Field(None, description="Keep only these of the proposed cases")


class RejectIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(..., min_length=1, max_length=300)
