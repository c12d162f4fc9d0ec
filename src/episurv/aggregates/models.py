"""Daily aggregate figures of provinces and districts: every submission kept, and the figures in
force kept current on write, with the period each version was in force.

- `aggregate_submissions` is append-only: one row per (unit, day, measure) value a person or a
  file sent, with who sent it, when and from where. A correction is a new row; the value in force
  at a moment is the latest submission at or before it (Delphi covidcast's issue/as_of model).
- `aggregate_days` is what reports read: one wide row per (unit, day) with every measure, the
  derived ones filled in (rules.complete) and a province's row combining its districts
  (rules.combine). Each rebuild that changes a row closes it (valid_to) and adds the new version
  (valid_from), so a report as of a past moment reads the rows in force then, by the same query.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, DateTime, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from episurv.core.types import BigId
from episurv.db import Base
from episurv.geo.models import unit_key
from episurv.geo.units import PROVINCE


class AggregateSubmission(Base):
    __tablename__ = "aggregate_submissions"
    __table_args__ = (
        Index("ix_aggregate_submissions_key", "province_code", "day", "district_code", "measure",
              "submitted_at"),
        Index("ix_aggregate_submissions_at", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    province_code: Mapped[int] = mapped_column(unit_key(PROVINCE))
    # 0 is the province itself, so that the key has no NULL in it.
    district_code: Mapped[int] = mapped_column(Integer)
    day: Mapped[date] = mapped_column(Date)
    measure: Mapped[str] = mapped_column(String(16))
    value: Mapped[int] = mapped_column(BigInteger)
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    submitted_by: Mapped[str] = mapped_column(String(200))
    # "api", "form", "file cases.csv row 12": where the figure came from.
    source: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(String(300))


class AggregateDay(Base):
    """One unit's figures of one day, as in force from valid_from until valid_to (open: now)."""

    __tablename__ = "aggregate_days"
    __table_args__ = (
        # The current rows of a day range: what every report reads.
        Index("ix_aggregate_days_current", "valid_to", "district_code", "day", "province_code"),
        Index("ix_aggregate_days_key", "province_code", "district_code", "day", "valid_from"),
        # One version in force per (unit, day): a rebuild that forgot to close the old row fails.
        Index("uq_aggregate_days_current", "province_code", "district_code", "day", unique=True,
              sqlite_where=text("valid_to IS NULL"), postgresql_where=text("valid_to IS NULL")),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    province_code: Mapped[int] = mapped_column(unit_key(PROVINCE))
    district_code: Mapped[int] = mapped_column(Integer)
    day: Mapped[date] = mapped_column(Date)
    valid_from: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    valid_to: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # One nullable column per measure of rules.STORED (None: not reported, not derivable).
    new_cases: Mapped[int | None] = mapped_column(BigInteger)
    community: Mapped[int | None] = mapped_column(BigInteger)
    quarantine: Mapped[int | None] = mapped_column(BigInteger)
    imported: Mapped[int | None] = mapped_column(BigInteger)
    domestic: Mapped[int | None] = mapped_column(BigInteger)
    deaths: Mapped[int | None] = mapped_column(BigInteger)
    recovered: Mapped[int | None] = mapped_column(BigInteger)
    severe: Mapped[int | None] = mapped_column(BigInteger)
    tests_samples: Mapped[int | None] = mapped_column(BigInteger)
    tests_people: Mapped[int | None] = mapped_column(BigInteger)
    doses: Mapped[int | None] = mapped_column(BigInteger)
    first_doses: Mapped[int | None] = mapped_column(BigInteger)
    second_doses: Mapped[int | None] = mapped_column(BigInteger)
