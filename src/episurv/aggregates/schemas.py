"""What crosses the API for aggregate figures. Types are checked here (422 with field errors);
places and the rules between figures by the same code as the file import."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from episurv.aggregates.rules import MEASURES, STORED

# Any subset of the measures, each a whole number >= 0; a measure left out is not reported.
# Declared from the one list of measures (rules.MEASURES).
Figures = create_model(
    "Figures", __config__=ConfigDict(extra="forbid"),
    **{m: (int | None, Field(None, ge=0)) for m in MEASURES},  # type: ignore[call-overload]
)


class AggregateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date: date
    province: str = Field(..., min_length=1, max_length=120, examples=["Hà Nội"])
    district: str | None = Field(None, max_length=120)
    figures: Figures  # type: ignore[valid-type]
    note: str | None = Field(None, max_length=300,
                                description="Why a figure is corrected, where it is")


class SubmitResult(BaseModel):
    figures: int
    new: int
    corrected: int
    unchanged: int
    days_rebuilt: int


# --- what the services return (GET /aggregates, /aggregates/history, /analytics/rt) ----------

# A unit's figures of one day in force: every stored measure, null where none was sent.
# Declared from the one list of stored measures (rules.STORED).
AggregateDay = create_model(
    "AggregateDay", __config__=ConfigDict(extra="forbid"),
    __doc__="A unit's daily figures in force (now, or at `as_of`); null: not reported.",
    date=(str, ...), province_code=(int, ...),
    district_code=(int | None, Field(..., description="null for a province's own figures")),
    unit=(str, Field(..., description='"Hà Nội" or "Hà Nội, Ba Đình"')),
    **{m: (int | None, ...) for m in STORED},  # type: ignore[call-overload]
)


class Submission(BaseModel):
    """One value sent for a unit's day: who sent it, when, from what, and whether it is the
    one in force."""

    model_config = ConfigDict(extra="forbid")

    measure: str
    value: int
    submitted_at: str
    submitted_by: str
    source: str
    note: str | None
    status: Literal["in force", "replaced"]


class RtDay(BaseModel):
    """Rt of a region on a day (Cori et al. 2013): the posterior mean, sd and 95% interval of
    the window ending that day; null where the window holds no case."""

    model_config = ConfigDict(extra="forbid")

    region: str
    date: str
    mean: float | None
    sd: float | None
    q025: float | None
    median: float | None
    q975: float | None
