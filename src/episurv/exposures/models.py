"""Movement histories of cases, the public exposure notices made from them, and
self-declarations of people who were at a listed place."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKeyConstraint,
    Identity,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from episurv.core.types import BigId, ClockTime, one_of
from episurv.db import Base
from episurv.geo.models import unit_key
from episurv.geo.units import DISTRICT, PROVINCE, WARD

VISIT_KINDS = ("home", "workplace", "visit")


class CaseVisit(Base):
    """A place a case was at during their infectious period (from the interview)."""

    __tablename__ = "case_visits"
    __table_args__ = (
        # province_code is the case's province (the visited place's units are beside it).
        PrimaryKeyConstraint("province_code", "id"),
        ForeignKeyConstraint(["province_code", "case_id"], ["cases.province_code", "cases.id"],
                             ondelete="CASCADE", onupdate="CASCADE"),
        Index("ix_case_visits_case", "case_id"),
        Index("ix_case_visits_province_day", "province_code", "day"),
        CheckConstraint(one_of("kind", VISIT_KINDS), name="kind"),
    )

    id: Mapped[int] = mapped_column(BigId, Identity())
    case_id: Mapped[int] = mapped_column(BigId)
    province_code: Mapped[int] = mapped_column(unit_key(PROVINCE))
    district_code: Mapped[int | None] = mapped_column(unit_key(DISTRICT))
    ward_code: Mapped[int | None] = mapped_column(unit_key(WARD))
    kind: Mapped[str] = mapped_column(String(10))
    place: Mapped[str] = mapped_column(String(200))
    # The place's street address ("12 phố Huế"); a home visit's address is personal data.
    address: Mapped[str | None] = mapped_column(String(300))
    day: Mapped[date] = mapped_column(Date)
    start_time: Mapped[time | None] = mapped_column(ClockTime)
    end_time: Mapped[time | None] = mapped_column(ClockTime)


class ExposureNotice(Base):
    """A published notice: a place and a time window. Holds nothing about any person; the visit
    it came from is kept for the CDC's own follow-up and never shown publicly."""

    __tablename__ = "exposure_notices"
    __table_args__ = (
        PrimaryKeyConstraint("province_code", "id"),
        # A notice is published by the province of the visit it came from.
        ForeignKeyConstraint(["province_code", "visit_id"],
                             ["case_visits.province_code", "case_visits.id"]),
        Index("ix_exposure_notices_province_day", "province_code", "day"),
    )

    id: Mapped[int] = mapped_column(BigId, Identity())
    province_code: Mapped[int] = mapped_column(Integer)
    district_code: Mapped[int | None] = mapped_column(unit_key(DISTRICT))
    ward_code: Mapped[int | None] = mapped_column(unit_key(WARD))
    place: Mapped[str] = mapped_column(String(200))
    place_key: Mapped[str] = mapped_column(String(500))
    address: Mapped[str | None] = mapped_column(String(300))
    day: Mapped[date] = mapped_column(Date)
    start_time: Mapped[time | None] = mapped_column(ClockTime)
    end_time: Mapped[time | None] = mapped_column(ClockTime)
    visit_id: Mapped[int | None] = mapped_column(BigId)
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    published_by: Mapped[str] = mapped_column(String(200))
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    withdrawn_by: Mapped[str | None] = mapped_column(String(200))


class Declaration(Base):
    """A self-declaration from the public page: which notice, and the contact it created. The
    phone is kept only as a keyed hash, to refuse a second declaration for the same notice."""

    __tablename__ = "exposure_declarations"
    __table_args__ = (
        PrimaryKeyConstraint("province_code", "id"),
        UniqueConstraint("province_code", "notice_id", "phone_hash"),
        # The declared contact is made in the notice's province.
        ForeignKeyConstraint(["province_code", "notice_id"],
                             ["exposure_notices.province_code", "exposure_notices.id"]),
        ForeignKeyConstraint(["province_code", "contact_id"],
                             ["contacts.province_code", "contacts.id"],
                             ondelete="CASCADE", onupdate="CASCADE"),
    )

    id: Mapped[int] = mapped_column(BigId, Identity())
    province_code: Mapped[int] = mapped_column(Integer)
    notice_id: Mapped[int] = mapped_column(BigId)
    contact_id: Mapped[int] = mapped_column(BigId)
    phone_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class DeclarationAttempt(Base):
    """One submission of the public form, by hashed network address, kept only as long as the
    rate limit's window needs it."""

    __tablename__ = "declaration_attempts"
    __table_args__ = (Index("ix_declaration_attempts_address_at", "address_hash", "at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    address_hash: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
