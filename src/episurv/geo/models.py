"""The administrative units as a table, so that population and jurisdictions can refer to them."""

from __future__ import annotations

from typing import ClassVar

from sqlalchemy import CheckConstraint, ForeignKey, ForeignKeyConstraint, Integer, String, Text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from episurv.db import Base
from episurv.geo.units import DISTRICT, PROVINCE, WARD


class AdminUnit(Base):
    __tablename__ = "admin_units"

    level: Mapped[str] = mapped_column(String(10), primary_key=True)
    code: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    short_name: Mapped[str] = mapped_column(String(120))
    division_type: Mapped[str] = mapped_column(String(40))
    parent_code: Mapped[int | None] = mapped_column(Integer)
    province_code: Mapped[int] = mapped_column(Integer, index=True)
    population: Mapped[int | None] = mapped_column(Integer)
    population_source: Mapped[str | None] = mapped_column(String(200))


class _LevelKey:
    """The codes of one level, keyed by code alone: what a column naming a unit of that level
    refers to. A code repeats across levels (province 1 Hà Nội, district 1 Ba Đình, ward 1 Phúc
    Xá), so admin_units' (level, code) cannot be the target of a one-column foreign key; each row
    here refers to its unit there through a level column that can only be this level.
    Filled from admin_units by seed_units (migration 0019 for an existing database)."""

    LEVEL: ClassVar[str]
    code: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)

    @declared_attr
    def level(cls) -> Mapped[str]:
        return mapped_column(String(10), server_default=cls.LEVEL)

    @declared_attr.directive
    def __table_args__(cls) -> tuple:
        return (ForeignKeyConstraint(["level", "code"], ["admin_units.level", "admin_units.code"]),
                CheckConstraint(f"level = '{cls.LEVEL}'", name="level"))


class Province(_LevelKey, Base):
    __tablename__ = "provinces"
    LEVEL = PROVINCE


class District(_LevelKey, Base):
    __tablename__ = "districts"
    LEVEL = DISTRICT


class Ward(_LevelKey, Base):
    __tablename__ = "wards"
    LEVEL = WARD


LEVEL_KEYS: dict[str, type[_LevelKey]] = {PROVINCE: Province, DISTRICT: District, WARD: Ward}


def unit_key(level: str) -> ForeignKey:
    """The foreign key of a column naming a unit of `level`. Declared through the key table
    itself, so that any model module using it loads the unit tables with it: a flush resolves
    every mapped table's keys, and a process that imported only the cases would otherwise not
    know the table `districts`."""
    return ForeignKey(LEVEL_KEYS[level].__table__.c.code)


class UnitBoundary(Base):
    """The outline of a district or ward, from a boundary file the operator imports
    (`episurv import boundaries`), matched to its 2021 unit code; GeoJSON geometry as text."""

    __tablename__ = "unit_boundaries"
    __table_args__ = (ForeignKeyConstraint(["level", "code"],
                                           ["admin_units.level", "admin_units.code"]),)

    level: Mapped[str] = mapped_column(String(10), primary_key=True)
    code: Mapped[int] = mapped_column(Integer, primary_key=True)
    province_code: Mapped[int] = mapped_column(unit_key(PROVINCE), index=True)
    name_in_file: Mapped[str] = mapped_column(String(200))
    geometry: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(200))
