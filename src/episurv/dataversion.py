"""The data version: a value per province (and 0 for the whole country) that every write
changing what the reports read moves on, in the writer's transaction. What is derived from the
data (a report, a chart, a rendered page) is cached under the version it was drawn from, so a
write invalidates it without anyone having to know the cache (issue 11)."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from sqlalchemy import BigInteger, Integer, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from episurv.db import Base

NATION = 0  # the row of the whole country: moved by a write anywhere


class DataVersion(Base):
    __tablename__ = "data_versions"

    province_code: Mapped[int] = mapped_column(Integer, primary_key=True,
                                               autoincrement=False)
    version: Mapped[int] = mapped_column(BigInteger)


# A fresh random value rather than version + 1: a database emptied and filled again (a test, a
# restore) never repeats a version that a running server cached something under.
_BUMP = text("INSERT INTO data_versions (province_code, version) VALUES (:p, :v) "
             "ON CONFLICT (province_code) DO UPDATE SET version = :v")


def bump(session: Session, provinces: Iterable[int | None]) -> None:
    """Move the versions of `provinces` and of the country on (committed with the write)."""
    codes = sorted({int(p) for p in provinces if p} | {NATION})
    for code in codes:  # in code order: concurrent writers lock the rows in one order
        session.execute(_BUMP, {"p": code, "v": secrets.randbits(62)})


def current(session: Session, province: int = NATION) -> int:
    """The committed version of a province's data (NATION: of the whole country)."""
    return int(session.execute(text("SELECT version FROM data_versions WHERE province_code = :p"),
                               {"p": province}).scalar() or 0)
