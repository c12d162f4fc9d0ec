"""Care at home: stations, the households and people of their catchment, intake assessments,
check-ins, alerts, tests, release records, medicine dispensed and the station's daily log.

Every table carries province_code as the first column of its primary key, and references to
another table of this package include it, so the tables can be partitioned (or distributed) by
province without a schema change. A person links to their case by (case_province_code,
case_id) with NO database foreign key: the case register is moving to (province_code, id) keys
in a parallel change, and a key that crosses that move must not block it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.expression import ColumnElement

from episurv.core.types import BigId, PatientCode, one_of
from episurv.db import Base
from episurv.geo.models import unit_key
from episurv.geo.units import DISTRICT, PROVINCE, WARD

# none: in the catchment, not cared for; home: F0 cared for at home; transfer: assessed not
# eligible or red, waiting for transfer; then transferred, released or died.
CARE_STATUSES = ("none", "home", "transfer", "transferred", "released", "died")
ROLES_AT_HOME = ("F0", "F1", "other")


class NextId(ColumnElement[int]):
    """The next id of a table whose key is (province_code, id). Neither database numbers a
    column of a composite key by itself: PostgreSQL takes it from the table's sequence (made
    by the migration), SQLite from max(rowid) + 1 inside the INSERT statement, which holds the
    database's write lock, so two writers never get the same id. The row then gets that same
    rowid (SQLite gives a new row max(rowid) + 1), so id = rowid and max(rowid) stays a
    single index probe where max(id) would scan the (province_code, id) key."""

    inherit_cache = True
    type = BigInteger()

    def __init__(self, table: str):
        self.table = table


@compiles(NextId)
def _next_id_sqlite(element: NextId, compiler, **kw) -> str:
    return f"(SELECT coalesce(max(rowid), 0) + 1 FROM {element.table})"


@compiles(NextId, "postgresql")
def _next_id_pg(element: NextId, compiler, **kw) -> str:
    return f"nextval('{element.table}_id_seq')"


def _id(table: str):
    return mapped_column(BigId, primary_key=True, autoincrement=False, default=NextId(table))


def _fk(columns: list[str], table: str) -> ForeignKeyConstraint:
    return ForeignKeyConstraint(["province_code", *columns],
                                [f"{table}.province_code", f"{table}.id"], ondelete="CASCADE")


class Station(Base):
    __tablename__ = "homecare_stations"
    __table_args__ = (UniqueConstraint("province_code", "name"),)

    province_code: Mapped[int] = mapped_column(unit_key(PROVINCE), primary_key=True)
    id: Mapped[int] = _id("homecare_stations")
    district_code: Mapped[int] = mapped_column(unit_key(DISTRICT))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    # F0 the station can follow (HCMC aimed at 50–100 per station).
    capacity: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class StationWard(Base):
    __tablename__ = "homecare_station_wards"
    __table_args__ = (_fk(["station_id"], "homecare_stations"),)

    province_code: Mapped[int] = mapped_column(Integer, primary_key=True)
    station_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    ward_code: Mapped[int] = mapped_column(unit_key(WARD), primary_key=True)


class StationStaff(Base):
    __tablename__ = "homecare_station_staff"
    __table_args__ = (_fk(["station_id"], "homecare_stations"),)

    province_code: Mapped[int] = mapped_column(Integer, primary_key=True)
    station_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)


class StationLog(Base):
    """One entry of the five tasks' logs: how many people on a day (with a note)."""

    __tablename__ = "homecare_station_log"
    __table_args__ = (_fk(["station_id"], "homecare_stations"),
                      Index("ix_homecare_station_log_day", "province_code", "station_id", "day"))

    province_code: Mapped[int] = mapped_column(Integer, primary_key=True)
    id: Mapped[int] = _id("homecare_station_log")
    station_id: Mapped[int] = mapped_column(BigInteger)
    day: Mapped[date] = mapped_column(Date)
    task: Mapped[str] = mapped_column(String(16))
    count: Mapped[int] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(String(300))
    by: Mapped[str] = mapped_column(String(200))


class Household(Base):
    __tablename__ = "homecare_households"
    __table_args__ = (_fk(["station_id"], "homecare_stations"),
                      UniqueConstraint("province_code", "station_id", "code"))

    province_code: Mapped[int] = mapped_column(Integer, primary_key=True)
    id: Mapped[int] = _id("homecare_households")
    station_id: Mapped[int] = mapped_column(BigInteger)
    district_code: Mapped[int] = mapped_column(unit_key(DISTRICT))
    ward_code: Mapped[int] = mapped_column(unit_key(WARD))
    # The station's own label of the household (group and number, as on its paper list).
    code: Mapped[str] = mapped_column(String(40))
    # Personal data: for the station only, never in a public output.
    address: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(40))


class Person(Base):
    __tablename__ = "homecare_people"
    __table_args__ = (
        _fk(["household_id"], "homecare_households"),
        # The personal link finds its person by (province, token hash): one partition.
        UniqueConstraint("province_code", "token_hash"),
        Index("ix_homecare_people_household", "province_code", "household_id"),
        Index("ix_homecare_people_ward_care", "province_code", "ward_code", "care_status"),
        CheckConstraint(one_of("care_status", CARE_STATUSES), name="care_status"),
    )

    province_code: Mapped[int] = mapped_column(Integer, primary_key=True)
    id: Mapped[int] = _id("homecare_people")
    household_id: Mapped[int] = mapped_column(BigInteger)
    district_code: Mapped[int] = mapped_column(unit_key(DISTRICT))
    ward_code: Mapped[int] = mapped_column(unit_key(WARD))
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    birth_year: Mapped[int | None] = mapped_column(SmallInteger)
    sex: Mapped[str | None] = mapped_column(String(1))
    role: Mapped[str] = mapped_column(String(6))
    # The case in the register (cases.province_code, cases.case_id): no FK, see the module doc.
    case_province_code: Mapped[int | None] = mapped_column(Integer)
    case_id: Mapped[str | None] = mapped_column(PatientCode())
    contact_code: Mapped[str | None] = mapped_column(String(64))
    # Flags for attention.
    chronic: Mapped[bool] = mapped_column(Boolean, default=False)
    pregnant: Mapped[bool] = mapped_column(Boolean, default=False)
    breastfeeding: Mapped[bool] = mapped_column(Boolean, default=False)
    liver_disease: Mapped[bool] = mapped_column(Boolean, default=False)
    kidney_disease: Mapped[bool] = mapped_column(Boolean, default=False)
    gastric_disease: Mapped[bool] = mapped_column(Boolean, default=False)
    bleeding_risk: Mapped[bool] = mapped_column(Boolean, default=False)
    vaccine_doses: Mapped[int] = mapped_column(SmallInteger, default=0)
    # Care at home (F0): day 1 is the day of the positive test.
    care_status: Mapped[str] = mapped_column(String(12), default="none")
    care_start: Mapped[date | None] = mapped_column(Date)
    care_end: Mapped[date | None] = mapped_column(Date)
    # Kept current on write so the worklist is one read of this table and the open alerts.
    last_checkin_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_colour: Mapped[str | None] = mapped_column(String(6))
    # SHA-256 of the personal check-in token (the token is shown once, in the link and QR).
    token_hash: Mapped[str | None] = mapped_column(String(64))
    token_expires: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)


class Assessment(Base):
    """An intake assessment against the rule in force, with each criterion met or not."""

    __tablename__ = "homecare_assessments"
    __table_args__ = (_fk(["person_id"], "homecare_people"),)

    province_code: Mapped[int] = mapped_column(Integer, primary_key=True)
    id: Mapped[int] = _id("homecare_assessments")
    person_id: Mapped[int] = mapped_column(BigInteger)
    day: Mapped[date] = mapped_column(Date)
    policy: Mapped[str] = mapped_column(String(40))
    eligible: Mapped[bool] = mapped_column(Boolean)
    # JSON: the answers given and [{"name", "met", "detail"}, ...].
    criteria: Mapped[str] = mapped_column(Text)
    by: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CheckIn(Base):
    __tablename__ = "homecare_checkins"
    __table_args__ = (
        _fk(["person_id"], "homecare_people"),
        # A resend of the same check-in (same id made on the phone) is stored once.
        UniqueConstraint("province_code", "person_id", "client_id"),
        Index("ix_homecare_checkins_person_at", "province_code", "person_id", "measured_at"),
    )

    province_code: Mapped[int] = mapped_column(Integer, primary_key=True)
    id: Mapped[int] = _id("homecare_checkins")
    person_id: Mapped[int] = mapped_column(BigInteger)
    client_id: Mapped[str] = mapped_column(String(36))
    measured_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    resp_rate: Mapped[int | None] = mapped_column(SmallInteger)
    pulse: Mapped[int | None] = mapped_column(SmallInteger)
    temperature: Mapped[float | None] = mapped_column(Float)
    spo2: Mapped[int | None] = mapped_column(SmallInteger)
    spo2_recheck: Mapped[int | None] = mapped_column(SmallInteger)
    systolic: Mapped[int | None] = mapped_column(SmallInteger)
    diastolic: Mapped[int | None] = mapped_column(SmallInteger)
    symptoms: Mapped[str] = mapped_column(String(300), default="")
    colour: Mapped[str] = mapped_column(String(6))
    reasons: Mapped[str] = mapped_column(Text)  # JSON list
    policy: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(6))  # staff | self
    by: Mapped[str] = mapped_column(String(200))


class Alert(Base):
    """A red or yellow check-in, open until a nurse resolves it (called, visited, transferred)."""

    __tablename__ = "homecare_alerts"
    __table_args__ = (_fk(["person_id"], "homecare_people"),
                      Index("ix_homecare_alerts_open", "province_code", "resolved_at",
                            "person_id"))

    province_code: Mapped[int] = mapped_column(Integer, primary_key=True)
    id: Mapped[int] = _id("homecare_alerts")
    person_id: Mapped[int] = mapped_column(BigInteger)
    checkin_id: Mapped[int] = mapped_column(BigInteger)
    colour: Mapped[str] = mapped_column(String(6))
    reasons: Mapped[str] = mapped_column(Text)
    raised_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolution: Mapped[str | None] = mapped_column(String(300))
    resolved_by: Mapped[str | None] = mapped_column(String(200))


class RapidTest(Base):
    __tablename__ = "homecare_tests"
    __table_args__ = (_fk(["person_id"], "homecare_people"),)

    province_code: Mapped[int] = mapped_column(Integer, primary_key=True)
    id: Mapped[int] = _id("homecare_tests")
    person_id: Mapped[int] = mapped_column(BigInteger)
    day: Mapped[date] = mapped_column(Date)
    result: Mapped[str] = mapped_column(String(10))
    supervised: Mapped[bool] = mapped_column(Boolean, default=True)
    by: Mapped[str] = mapped_column(String(200))


class ReleaseRecord(Base):
    __tablename__ = "homecare_releases"
    __table_args__ = (_fk(["person_id"], "homecare_people"),
                      UniqueConstraint("province_code", "person_id"))

    province_code: Mapped[int] = mapped_column(Integer, primary_key=True)
    id: Mapped[int] = _id("homecare_releases")
    person_id: Mapped[int] = mapped_column(BigInteger)
    day: Mapped[date] = mapped_column(Date)
    policy: Mapped[str] = mapped_column(String(60))
    reason: Mapped[str] = mapped_column(String(300))
    by: Mapped[str] = mapped_column(String(200))


class Dispensing(Base):
    __tablename__ = "homecare_dispensings"
    __table_args__ = (_fk(["person_id"], "homecare_people"),)

    province_code: Mapped[int] = mapped_column(Integer, primary_key=True)
    id: Mapped[int] = _id("homecare_dispensings")
    person_id: Mapped[int] = mapped_column(BigInteger)
    day: Mapped[date] = mapped_column(Date)
    package: Mapped[str] = mapped_column(String(4))
    doctor_order: Mapped[str | None] = mapped_column(String(100))
    by: Mapped[str] = mapped_column(String(200))
