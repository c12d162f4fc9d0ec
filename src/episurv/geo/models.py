"""The administrative units as a table, so that population and jurisdictions can refer to them."""

from __future__ import annotations

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from episurv.db import Base


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


class UnitBoundary(Base):
    """The outline of a district or ward, from a boundary file the operator imports
    (`episurv import boundaries`), matched to its 2021 unit code; GeoJSON geometry as text."""

    __tablename__ = "unit_boundaries"

    level: Mapped[str] = mapped_column(String(10), primary_key=True)
    code: Mapped[int] = mapped_column(Integer, primary_key=True)
    province_code: Mapped[int] = mapped_column(Integer, index=True)
    name_in_file: Mapped[str] = mapped_column(String(200))
    geometry: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(200))
