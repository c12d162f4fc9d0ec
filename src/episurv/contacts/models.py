"""Contacts (F1, F2): who they are, whom they were exposed to, their quarantine and follow-up."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKeyConstraint,
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

from episurv.core.types import BigId, one_of
from episurv.db import Base
from episurv.geo.models import unit_key
from episurv.geo.units import DISTRICT, PROVINCE, WARD

LEVELS = ("F1", "F2")
RELATIONS = ("household", "workplace", "school", "healthcare", "social", "transport",
             "public_place", "other")
# active: followed; declared: self-declared, followed until the station verifies it;
# case: became (or is) a case; closed: no longer followed (wrong person, moved, ...).
STATUSES = ("active", "declared", "case", "closed")
ORIGINS = ("traced", "import", "self_declared")
# Where the plan puts the person (contacts/quarantine.py SETTINGS, or "none": no quarantine).
SETTINGS = ("home", "facility", "none")


class Contact(Base):
    __tablename__ = "contacts"
    __table_args__ = (
        # Keyed by province like the cases (docs/scaling.md). The person who is this case is in
        # the contact's province (a contact becomes a case of its own province), so that link is
        # a foreign key; the source case or F1 may be in another province (tracing crosses
        # borders), so those two are references the service checks, not foreign keys: no
        # distributed database can enforce a key across two provinces' shards.
        PrimaryKeyConstraint("province_code", "id"),
        UniqueConstraint("province_code", "contact_code"),
        ForeignKeyConstraint(["province_code", "case_id"], ["cases.province_code", "cases.id"],
                             onupdate="CASCADE"),
        CheckConstraint(one_of("level", LEVELS), name="level"),
        CheckConstraint(one_of("relation", RELATIONS), name="relation"),
        CheckConstraint(one_of("status", STATUSES), name="status"),
        CheckConstraint(one_of("origin", ORIGINS), name="origin"),
        CheckConstraint(one_of("setting", SETTINGS), name="setting"),
        # The follow-up of the day reads only these columns of the contacts still followed: the
        # index covers them, so the day's list never reads the table rows (benchmarks/
        # bench_followup.py: 200,000 followed contacts).
        Index("ix_contacts_followup", "province_code", "follow_end", "quarantine_start",
              "quarantine_end", "last_call_on", "next_test_on", "status", "ward_code", "team",
              "id"),
        Index("ix_contacts_ward_follow", "ward_code", "follow_end", "quarantine_start",
              "quarantine_end", "last_call_on", "next_test_on", "status", "team",
              "province_code", "district_code", "id"),
        Index("ix_contacts_source_case", "source_case_id"),
        Index("ix_contacts_source_contact", "source_contact_id"),
        Index("ix_contacts_case", "case_id"),
    )

    id: Mapped[int] = mapped_column(BigId, Identity())
    # The tracer's code, or a stable generated one: the natural key of imports.
    contact_code: Mapped[str] = mapped_column(String(64))
    level: Mapped[str] = mapped_column(String(2))
    province_code: Mapped[int] = mapped_column(unit_key(PROVINCE))
    district_code: Mapped[int | None] = mapped_column(unit_key(DISTRICT))
    # The ward whose station follows the person.
    ward_code: Mapped[int | None] = mapped_column(unit_key(WARD))
    team: Mapped[str | None] = mapped_column(String(60))
    source_case_id: Mapped[int | None] = mapped_column(BigId)
    source_contact_id: Mapped[int | None] = mapped_column(BigId)
    # The case this person is (became positive, or was already a case).
    case_id: Mapped[int | None] = mapped_column(BigId)
    exposure_date: Mapped[date] = mapped_column(Date)
    exposure_place: Mapped[str | None] = mapped_column(String(200))
    relation: Mapped[str] = mapped_column(String(20))
    identified_on: Mapped[date] = mapped_column(Date)
    # Personal data: for the station's follow-up only, never in a public output.
    name: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    address: Mapped[str | None] = mapped_column(String(300))
    age: Mapped[int | None] = mapped_column(SmallInteger)
    sex: Mapped[str | None] = mapped_column(String(1))
    vaccine_doses: Mapped[int | None] = mapped_column(SmallInteger)
    last_dose_date: Mapped[date | None] = mapped_column(Date)
    recovered_on: Mapped[date | None] = mapped_column(Date)
    # The plan of the rule in force on the exposure date (contacts/quarantine.py).
    policy: Mapped[str] = mapped_column(String(20))
    protected: Mapped[bool] = mapped_column(Boolean, default=False)
    setting: Mapped[str] = mapped_column(String(10))
    quarantine_start: Mapped[date] = mapped_column(Date)
    quarantine_end: Mapped[date | None] = mapped_column(Date)
    monitoring_end: Mapped[date | None] = mapped_column(Date)
    follow_end: Mapped[date] = mapped_column(Date)
    # Kept current on write so the day's list is one indexed scan with no join.
    next_test_on: Mapped[date | None] = mapped_column(Date)
    last_call_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="active")
    origin: Mapped[str] = mapped_column(String(16), default="traced")
    # Why the exposure does not fit the source's infectious period (flagged, not refused).
    flag: Mapped[str | None] = mapped_column(String(300))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now())


class ContactTest(Base):
    """A test the plan schedules for a contact, and its result once done."""

    __tablename__ = "contact_tests"
    __table_args__ = (
        PrimaryKeyConstraint("province_code", "id"),
        UniqueConstraint("province_code", "contact_id", "due_on"),
        ForeignKeyConstraint(["province_code", "contact_id"],
                             ["contacts.province_code", "contacts.id"],
                             ondelete="CASCADE", onupdate="CASCADE"),
    )

    id: Mapped[int] = mapped_column(BigId, Identity())
    # The contact's province (kept by the foreign key's ON UPDATE CASCADE).
    province_code: Mapped[int] = mapped_column(Integer)
    contact_id: Mapped[int] = mapped_column(BigId)
    due_on: Mapped[date] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)
    result: Mapped[str | None] = mapped_column(String(10))


class ContactCheck(Base):
    """A call made or a test taken by the station: the follow-up log."""

    __tablename__ = "contact_checks"
    __table_args__ = (
        PrimaryKeyConstraint("province_code", "id"),
        ForeignKeyConstraint(["province_code", "contact_id"],
                             ["contacts.province_code", "contacts.id"],
                             ondelete="CASCADE", onupdate="CASCADE"),
        Index("ix_contact_checks_contact_day", "contact_id", "day"),
        CheckConstraint("kind IN ('call', 'test')", name="kind"),
    )

    id: Mapped[int] = mapped_column(BigId, Identity())
    # The contact's province (kept by the foreign key's ON UPDATE CASCADE).
    province_code: Mapped[int] = mapped_column(Integer)
    contact_id: Mapped[int] = mapped_column(BigId)
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(6))
    result: Mapped[str] = mapped_column(String(12))
    note: Mapped[str | None] = mapped_column(String(300))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    by: Mapped[str] = mapped_column(String(200))
