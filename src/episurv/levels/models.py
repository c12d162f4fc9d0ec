"""Tables of the level assessment's inputs that the case register does not hold: vaccination
coverage and treatment capacity per unit and date, manual decisions, and provinces' policy
adjustments. Every table carries the province code (the distribution column at scale)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from episurv.core.types import BigId
from episurv.db import Base
from episurv.geo.models import unit_key
from episurv.geo.units import PROVINCE


# A unit of any level is named by (unit_level, unit_code): the key of admin_units. A function, so
# each table gets a constraint of its own.
def _unit() -> ForeignKeyConstraint:
    return ForeignKeyConstraint(["unit_level", "unit_code"],
                                ["admin_units.level", "admin_units.code"])


class LevelCoverage(Base):
    """Vaccination coverage of a unit (ward, district or province) as of a date, in %."""

    __tablename__ = "level_coverage"
    __table_args__ = (_unit(),)

    province_code: Mapped[int] = mapped_column(unit_key(PROVINCE), primary_key=True)
    unit_level: Mapped[str] = mapped_column(String(10), primary_key=True)
    unit_code: Mapped[int] = mapped_column(Integer, primary_key=True)
    as_of: Mapped[date] = mapped_column(Date, primary_key=True)
    adult_dose1_pct: Mapped[float | None] = mapped_column(Float)
    elderly_full_pct: Mapped[float | None] = mapped_column(Float)
    population_full_pct: Mapped[float | None] = mapped_column(Float)
    high_risk_full_pct: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(200))
    imported_by: Mapped[str] = mapped_column(String(200))
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class LevelCapacity(Base):
    """Treatment capacity of a unit as of a date (4800/QĐ-BYT criterion 3, 218/QĐ-BYT)."""

    __tablename__ = "level_capacity"
    __table_args__ = (_unit(),)

    province_code: Mapped[int] = mapped_column(unit_key(PROVINCE), primary_key=True)
    unit_level: Mapped[str] = mapped_column(String(10), primary_key=True)
    unit_code: Mapped[int] = mapped_column(Integer, primary_key=True)
    as_of: Mapped[date] = mapped_column(Date, primary_key=True)
    oxygen_at_station: Mapped[bool | None] = mapped_column(Boolean)
    mobile_station_plan: Mapped[bool | None] = mapped_column(Boolean)
    free_beds_per_100k: Mapped[float | None] = mapped_column(Float)
    icu_beds: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(200))
    imported_by: Mapped[str] = mapped_column(String(200))
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class LevelDecision(Base):
    """A level set by a CDC for a unit from a date (until lifted), with its reason: it overrides
    the computed level. Never deleted: lifting sets valid_to."""

    __tablename__ = "level_decisions"
    __table_args__ = (Index("ix_level_decisions_unit", "province_code", "unit_level",
                            "unit_code"), _unit())

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    province_code: Mapped[int] = mapped_column(unit_key(PROVINCE))
    unit_level: Mapped[str] = mapped_column(String(10))
    unit_code: Mapped[int] = mapped_column(Integer)
    level: Mapped[int] = mapped_column(Integer)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    reference: Mapped[str | None] = mapped_column(String(300))
    decided_by: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class LevelPolicyAdjustment(Base):
    """A province's adjustment of a policy from a date (Resolution 128/NQ-CP lets provinces
    adapt the criteria): thresholds and aggregation as JSON, with who loaded which file when."""

    __tablename__ = "level_policy_adjustments"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    province_code: Mapped[int] = mapped_column(unit_key(PROVINCE), index=True)
    policy: Mapped[str] = mapped_column(String(40))
    valid_from: Mapped[date] = mapped_column(Date)
    thresholds: Mapped[str] = mapped_column(Text)
    aggregation: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    file_name: Mapped[str] = mapped_column(String(200))
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
