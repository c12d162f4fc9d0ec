"""Secrets of this installation, made when its database was created and kept in it, so no key
ships with the code and every server of one database uses the same one."""

from __future__ import annotations

from sqlalchemy import String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from episurv.db import Base
from episurv.errors import EpisurvError


class AppSecret(Base):
    __tablename__ = "app_secrets"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(128))


def secret(session: Session, name: str) -> str:
    value = session.scalar(select(AppSecret.value).where(AppSecret.name == name))
    if value is None:
        raise EpisurvError(f"the database has no secret {name!r}: run `episurv init`")
    return value
