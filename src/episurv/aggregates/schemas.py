"""What crosses the API for aggregate figures. Types are checked here (422 with field errors);
places and the rules between figures by the same code as the file import."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, create_model

from episurv.aggregates.rules import MEASURES

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
