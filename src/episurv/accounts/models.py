"""Accounts, tokens, web sessions, sign-in attempts and the append-only audit log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    false,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from episurv.core.types import BigId
from episurv.db import Base
from episurv.geo.models import unit_key
from episurv.geo.units import DISTRICT, PROVINCE, WARD


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(200), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(12))
    # The jurisdiction: a province, a district, or (stations) the wards in user_wards.
    province_code: Mapped[int | None] = mapped_column(unit_key(PROVINCE))
    district_code: Mapped[int | None] = mapped_column(unit_key(DISTRICT))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # A password an administrator handed over (one-time): the first sign-in must replace it.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False,
                                                       server_default=false())
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now())


class UserWard(Base):
    __tablename__ = "user_wards"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    ward_code: Mapped[int] = mapped_column(unit_key(WARD), primary_key=True)


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # SHA-256 of the token: the token itself is shown once and never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now())
    # What the token is for ("nightly export to the ministry"), so it can be revoked by name.
    name: Mapped[str] = mapped_column(String(100), default="", server_default="")
    # A token stops working at its expiry; NULL only for rows the migration could not date.
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Written at most once a minute, after the request, so a request writes nothing for it.
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class WebSession(Base):
    __tablename__ = "web_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    csrf_token: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # The sign-in time: a session ends ABSOLUTE_HOURS after it whatever its activity.
    created_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SignInAttempt(Base):
    """Failed sign-ins, counted per account and per address to slow down guessing."""

    __tablename__ = "sign_in_attempts"
    __table_args__ = (Index("ix_sign_in_attempts_at", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(200), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AuditEntry(Base):
    """Who changed (or exported) what, when, from where, with the before/after values of the
    changed fields. Append-only: the database refuses UPDATE and DELETE (see audit_guard)."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(20))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(100))
    province_code: Mapped[int | None] = mapped_column(Integer)
    # JSON: {"field": [before, after], ...} for changes; a summary for imports and exports.
    # Personal values are keyed hashes, never text (audit.protect).
    changes: Mapped[str] = mapped_column(Text)
    # SHA-256 over the previous entry's chain and this entry's fields (audit.verify).
    chain: Mapped[str] = mapped_column(String(64))
