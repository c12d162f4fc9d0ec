"""What crosses the API and the CLI: a unit's level for a week with its criteria, a unit's weekly
history, and the inputs sent by form or API."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field
from typing_extensions import TypedDict


class CriterionOut(TypedDict):
    """One criterion of an assessment. A typed dict, not a model: a national week carries
    about 50,000 of them, and building models cost more than the whole assessment."""

    key: str
    value: float | int | str | None
    threshold: str | None
    effect: str
    unconfirmed: bool
    text: str


class DecisionOut(BaseModel):
    id: int
    level: int
    valid_from: date
    valid_to: date | None
    reason: str
    reference: str | None
    decided_by: str


class PolicyRef(BaseModel):
    name: str
    source: str
    aggregation: str
    adjustment: str | None
    unconfirmed: list[str] = Field(description="thresholds that are unconfirmed defaults")


class UnitLevel(TypedDict):
    """A unit's level for a week. A typed dict for the same reason as CriterionOut."""

    unit: str  # ward | district | province
    code: int
    name: str
    parent_code: int | None
    parent_name: str | None
    province_code: int
    week_start: date
    week_end: date
    level: int | None
    colour: str | None
    computed_level: int | None
    decision: DecisionOut | None
    assessable: bool
    missing: list[str]
    population: int | None
    cases: int | None
    # register: counted in the case register; aggregates: from the daily figures submitted
    cases_source: str
    rate_per_100k: float | None
    criteria: list[CriterionOut]
    policy: str


class LevelsResult(BaseModel):
    province: str | None
    date: date
    unit: str
    policies: list[PolicyRef]
    counts: dict[str, int] = Field(description="units per level; 'none' = not assessable")
    units: list[UnitLevel]


class WeekLevel(BaseModel):
    week_end: date
    level: int | None
    computed_level: int | None
    decided: bool
    cases: int | None
    cases_source: str = "register"
    rate_per_100k: float | None
    missing: list[str]


class Change(BaseModel):
    effective: date
    from_level: int | None
    to_level: int | None
    direction: str  # up | down | assessable | not assessable


class UnitHistory(BaseModel):
    unit: str
    code: int
    name: str
    parent_name: str | None
    province_code: int
    current: UnitLevel
    weeks: list[WeekLevel]
    changes: list[Change]
    decisions: list[DecisionOut]


class DecisionIn(BaseModel):
    unit: str = Field(pattern="^(ward|district|province)$")
    code: int
    level: int = Field(ge=1, le=4)
    valid_from: date
    valid_to: date | None = None
    reason: str = Field(min_length=3, max_length=2000)
    reference: str | None = Field(None, max_length=300)
