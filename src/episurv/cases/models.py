"""The line list (one row per confirmed case) and its daily counts kept current on write."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from episurv.cases.vocabulary import DETECTED_IN, OUTCOMES, SEVERITIES, SEXES, SOURCES
from episurv.core.types import BigId, ClockTime, PatientCode, one_of
from episurv.db import Base
from episurv.geo.models import unit_key
from episurv.geo.units import DISTRICT, PROVINCE, WARD


class Case(Base):
    __tablename__ = "cases"
    # Few indexes: each one slows every import. A district's page of the case list walks the
    # province/day index and filters (a district holds a sizeable share of a province's cases).
    __table_args__ = (
        # The province leads every key, so the table can be partitioned and distributed by it
        # (docs/scaling.md). Patient codes are issued per province: the same code in two
        # provinces is two records (docs/patient-codes.md).
        PrimaryKeyConstraint("province_code", "id"),
        UniqueConstraint("province_code", "case_id"),
        # The case list's keyset (newest reporting day first, then id): a page is read in
        # index order, where (province, day) alone sorted every case of the latest day.
        Index("ix_cases_province_day_id", "province_code", "report_day", "id"),
        # A national page has no province to lead with: the same keyset across provinces,
        # read newest first from each partition's index and merged (benchmarks/bench_scale.py).
        Index("ix_cases_day_id", "report_day", "id"),
        # A search by the start of a patient code in every province: a range of this index.
        # text_pattern_ops compares characters, so LIKE 'BN00123%' uses it under any collation.
        Index("ix_cases_case_id_prefix", "case_id", postgresql_ops={"case_id": "text_pattern_ops"}),
        Index("ix_cases_cluster", "cluster_id"),
        # A station's scope is a list of wards: ward_code IN (...) walks this index.
        Index("ix_cases_ward_day", "ward_code", "report_day"),
        CheckConstraint(one_of("detected_in", DETECTED_IN), name="detected_in"),
        CheckConstraint(one_of("source", SOURCES), name="source"),
        CheckConstraint(one_of("outcome", OUTCOMES), name="outcome"),
        CheckConstraint(one_of("severity", SEVERITIES), name="severity"),
        CheckConstraint(one_of("sex", SEXES), name="sex"),
    )

    id: Mapped[int] = mapped_column(BigId, Identity())
    # The patient code (BN123456) or a stable generated one: with the province, the natural key
    # of every upsert.
    case_id: Mapped[str] = mapped_column(PatientCode())
    province_code: Mapped[int] = mapped_column(unit_key(PROVINCE))
    district_code: Mapped[int | None] = mapped_column(unit_key(DISTRICT))
    ward_code: Mapped[int | None] = mapped_column(unit_key(WARD))
    report_date: Mapped[date] = mapped_column(Date)
    report_time: Mapped[time | None] = mapped_column(ClockTime)
    # The reporting day the case counts in: report_date, or the next day when confirmed after
    # the cut-off. Derived at write time so reports read it without recomputing.
    report_day: Mapped[date] = mapped_column(Date)
    detected_in: Mapped[str] = mapped_column(String(12))
    source: Mapped[str] = mapped_column(String(12))
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("clusters.id"))
    age: Mapped[int | None] = mapped_column(SmallInteger)
    sex: Mapped[str | None] = mapped_column(String(1))
    onset_date: Mapped[date | None] = mapped_column(Date)
    sample_date: Mapped[date | None] = mapped_column(Date)
    vaccine_doses: Mapped[int | None] = mapped_column(SmallInteger)
    severity: Mapped[str | None] = mapped_column(String(12))
    outcome: Mapped[str] = mapped_column(String(12))
    outcome_date: Mapped[date | None] = mapped_column(Date)
    # Personal data: for the CDC's own work, never in a public output.
    name: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    address: Mapped[str | None] = mapped_column(String(300))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now())


class CaseDailyCount(Base):
    """New cases per reporting day and breakdown; what every report and dashboard reads.

    Rebuilt from the line list for the (province, day) pairs a write touches, in the same
    transaction, so it never disagrees with the line list. 0 stands for "no district" and
    "no cluster" so that the key can be a primary key.
    """

    __tablename__ = "case_daily_counts"

    province_code: Mapped[int] = mapped_column(unit_key(PROVINCE), primary_key=True)
    report_day: Mapped[date] = mapped_column(Date, primary_key=True)
    district_code: Mapped[int] = mapped_column(Integer, primary_key=True)
    detected_in: Mapped[str] = mapped_column(String(12), primary_key=True)
    source: Mapped[str] = mapped_column(String(12), primary_key=True)
    cluster_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class CaseProvinceDay(Base):
    """New cases per province, reporting day and place of detection: the line-list counts the
    national report reads for every province at once. CaseDailyCount summed over its districts,
    sources and clusters, rebuilt with it; its size follows provinces x days, never the number
    of cases (at 10,000,000 cases the national sums over CaseDailyCount read millions of rows).
    """

    __tablename__ = "case_province_days"

    province_code: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_day: Mapped[date] = mapped_column(Date, primary_key=True)
    detected_in: Mapped[str] = mapped_column(String(12), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class CaseOnsetCount(Base):
    """Cases by onset day, per reporting day and district: the epi curve by onset date.

    Kept by reporting day like CaseDailyCount (rebuilt with it), so a write touches the same
    keys. Cases without an onset date are not here: the curve says how many are unknown.
    """

    __tablename__ = "case_onset_counts"

    province_code: Mapped[int] = mapped_column(unit_key(PROVINCE), primary_key=True)
    report_day: Mapped[date] = mapped_column(Date, primary_key=True)
    district_code: Mapped[int] = mapped_column(Integer, primary_key=True)
    onset_day: Mapped[date] = mapped_column(Date, primary_key=True)
    n: Mapped[int] = mapped_column(Integer)
