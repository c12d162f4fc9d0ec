"""Use cases of accounts: add, list, disable; tokens; sign-in with rate limits; web sessions.

Jurisdiction rules: national and admin accounts see the whole country; province accounts a
province; district accounts a district; station accounts the wards they serve; a viewer reads
(never writes) within the unit it is given.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete, func, or_, select, update
from sqlalchemy.orm import Session

from episurv.accounts import audit, checked_tokens
from episurv.accounts.models import ApiToken, SignInAttempt, User, UserWard, WebSession
from episurv.accounts.passwords import (
    MIN_LENGTH,
    digest,
    hash_one_time_demo_password,
    hash_password,
    new_secret,
    verify_password,
)
from episurv.accounts.schemas import AccountOut, TokenOut
from episurv.accounts.scope import ROLES, Scope
from episurv.core.i18n import N_
from episurv.db import afterwards
from episurv.errors import EpisurvError, InvalidInput, NotFound
from episurv.geo.units import DISTRICT, PROVINCE, WARD, register

SESSION_HOURS = 8
# A session's expiry slides at most this often: every request extending it would serialise the
# requests of one user on the session's row (issue 11: 500s under 20 concurrent clients).
SESSION_EXTEND_EVERY = timedelta(minutes=1)
# However active, a session ends this long after sign-in (OWASP Session Management: an absolute
# timeout besides the idle one), so a stolen cookie does not live for ever.
ABSOLUTE_HOURS = 12
# A token's last use is written at most this often, after the request (checked_tokens).
TOKEN_USE_EVERY = timedelta(minutes=1)
TOKEN_DAYS = 90  # default lifetime of an API token
MAX_TOKEN_DAYS = 365
# Sign-in attempts: this many failures within the window lock the account / address out.
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 20
FAILURE_WINDOW = timedelta(minutes=15)


class TooManyAttempts(EpisurvError):
    http_status = 429


class NotSignedIn(EpisurvError):
    http_status = 401


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; they were written in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def add_user(session: Session, *, scope: Scope, email: str, role: str, unit: str | None,
             district: str | None = None, wards: list[str] | None = None,
             password: str | None = None, demo: bool = False) -> tuple[User, str]:
    """Create an account; returns it and its one-time password (generated unless given).
    `demo`: a demo account, whose generated one-time password is hashed with the lighter
    parameters of `passwords.ONE_TIME_DEMO` (the password it is changed to, with the standard)."""
    scope.require_role("admin")
    if demo and password is not None:
        raise ValueError("a demo account's password is generated")
    email = email.strip().lower()
    if "@" not in email:
        raise InvalidInput(N_("email %(email)r is not an address"), code="email_invalid",
                           email=email)
    if role not in ROLES:
        raise InvalidInput(N_("role %(role)r is not one of %(roles)s"), code="role_unknown",
                           role=role, roles=list(ROLES))
    if session.scalar(select(User).where(User.email == email)):
        raise InvalidInput(N_("an account %(email)r exists already"), code="account_exists",
                           email=email)
    reg = register()
    province_code = district_code = None
    ward_codes: list[int] = []
    if role in ("admin", "national"):
        if unit or district or wards:
            raise InvalidInput(N_("a %(role)s account covers the whole country: give no --unit"),
                               code="account_national_unit", role=role)
    else:
        if not unit:
            raise InvalidInput(N_("a %(role)s account needs --unit (its province)"),
                               code="account_unit_missing", role=role)
        province_code = reg.resolve(unit, PROVINCE).code
        if district:
            district_code = reg.resolve(district, DISTRICT, province_code).code
        if role == "district" and district_code is None:
            raise InvalidInput(N_("a district account needs --district"),
                               code="account_district_missing")
        if role == "station":
            if not wards or district_code is None:
                raise InvalidInput(N_("a station account needs --district and --ward (one or "
                                      "more)"), code="account_wards_missing")
            ward_codes = [reg.resolve(w, WARD, district_code).code for w in wards]
    if password is not None and len(password) < MIN_LENGTH:
        raise InvalidInput(N_("password must be at least %(min)s characters"),
                           code="password_short", min=MIN_LENGTH)
    secret = password or new_secret(12)
    # A generated password was handed over by someone else: it must be changed at first sign-in.
    hashed = hash_one_time_demo_password(secret) if demo else hash_password(secret)
    user = User(email=email, password_hash=hashed, role=role,
                province_code=province_code, district_code=district_code, active=True,
                must_change_password=password is None)
    session.add(user)
    session.flush()
    for code in ward_codes:
        session.add(UserWard(user_id=user.id, ward_code=code))
    audit.record(session, scope, "create", "user", email,
                 changes=audit.diff(None, {"role": role, "province_code": province_code,
                                           "district_code": district_code,
                                           "wards": ward_codes or None}),
                 province_code=province_code)
    return user, secret


def list_users(session: Session, *, scope: Scope) -> list[AccountOut]:
    scope.require_role("admin")
    reg = register()
    out = []
    for user in session.scalars(select(User).order_by(User.email)):
        wards = session.scalars(select(UserWard.ward_code).where(UserWard.user_id == user.id))
        unit = (reg.get(PROVINCE, user.province_code).short_name if user.province_code
                else "Việt Nam")
        if user.district_code:
            unit += " / " + reg.get(DISTRICT, user.district_code).short_name
        out.append(AccountOut(email=user.email, role=user.role, unit=unit,
                              wards=[reg.get(WARD, w).short_name for w in wards],
                              active=user.active))
    return out


def disable_user(session: Session, *, scope: Scope, email: str) -> None:
    scope.require_role("admin")
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise NotFound(N_("no account %(email)r"), code="no_account", email=email)
    user.active = False
    session.execute(delete(WebSession).where(WebSession.user_id == user.id))
    session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))
    checked_tokens.forget_all()
    audit.record(session, scope, "update", "user", user.email,
                 changes={"active": [True, False]}, province_code=user.province_code)


def reset_password(session: Session, *, scope: Scope, email: str) -> str:
    """A new one-time password for an account, returned once; the old one stops working and
    the account's open web sessions end (whoever held them must sign in again)."""
    scope.require_role("admin")
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise NotFound(N_("no account %(email)r"), code="no_account", email=email)
    secret = new_secret(12)
    user.password_hash = hash_password(secret)
    user.must_change_password = True  # a one-time password, as at the account's creation
    session.execute(delete(WebSession).where(WebSession.user_id == user.id))
    # The audit names the field only: never a password or its hash.
    audit.record(session, scope, "update", "user", user.email, changes={"password": "reset"},
                 province_code=user.province_code)
    return secret


def create_token(session: Session, *, scope: Scope, email: str, name: str = "",
                 days: int = TOKEN_DAYS) -> str:
    """A bearer token for the API, valid `days` days, returned once; only its digest is kept."""
    scope.require_role("admin")
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise InvalidInput(N_("a token lives 1 to %(max)s days, not %(days)s"),
                           code="token_days", max=MAX_TOKEN_DAYS, days=days)
    name = name.strip()
    if len(name) > 100:
        raise InvalidInput(N_("a token name has at most 100 characters"),
                           code="token_name_long")
    user = session.scalar(select(User).where(User.email == email.strip().lower(),
                                             User.active.is_(True)))
    if user is None:
        raise NotFound(N_("no active account %(email)r"), code="no_active_account", email=email)
    token = "eps_" + new_secret(30)
    expires = _now() + timedelta(days=days)
    row = ApiToken(user_id=user.id, token_hash=digest(token), name=name, expires_at=expires)
    session.add(row)
    session.flush()
    audit.record(session, scope, "create", "token", user.email,
                 changes={"token": row.id, "name": name, "expires_at": expires.isoformat()},
                 province_code=user.province_code)
    return token


def list_tokens(session: Session, *, scope: Scope, email: str | None = None
                ) -> list[TokenOut]:
    """Every token (of one account with `email`): never the token, only what identifies it."""
    scope.require_role("admin")
    query = select(ApiToken, User.email).join(User, User.id == ApiToken.user_id)
    if email:
        query = query.where(User.email == email.strip().lower())
    now = _now()
    out = []
    for token, owner in session.execute(query.order_by(ApiToken.id)).all():
        expired = token.expires_at is None or _aware(token.expires_at) <= now
        out.append(TokenOut(id=token.id, email=owner, name=token.name,
                            created_at=_iso(token.created_at),
                            expires_at=_iso(token.expires_at),
                            last_used_at=_iso(token.last_used_at),
                            state="expired" if expired else "valid"))
    return out


def _iso(moment: datetime | None) -> str | None:
    return _aware(moment).isoformat(timespec="seconds") if moment else None


def revoke_token(session: Session, *, scope: Scope, token_id: int) -> None:
    """Revoke one token at once (the others of its account keep working)."""
    scope.require_role("admin")
    row = session.get(ApiToken, token_id)
    if row is None:
        raise NotFound(N_("no token %(token)s"), code="no_token", token=str(token_id))
    owner = session.get(User, row.user_id)
    session.delete(row)
    checked_tokens.forget_all()
    audit.record(session, scope, "delete", "token", owner.email if owner else str(token_id),
                 changes={"token": token_id, "name": row.name},
                 province_code=owner.province_code if owner else None)


def scope_of(session: Session, user: User, address: str | None = None) -> Scope:
    wards = frozenset(session.scalars(select(UserWard.ward_code).where(
        UserWard.user_id == user.id)))
    return Scope(role=user.role, province_code=user.province_code,
                 district_code=user.district_code, ward_codes=wards, actor=user.email,
                 address=address)


def scope_for_token(session: Session, token: str, address: str | None) -> Scope:
    """The scope of a bearer token: read in one query, then believed for
    checked_tokens.RECHECK seconds (its expiry is checked on every use). Its last use is
    written at most once a minute, after the request's unit of work (db.afterwards)."""
    key = digest(token)
    checked = checked_tokens.recall(key) or _read_token(session, key)
    now = _now()
    if checked is None or _aware(checked.expires_at) <= now:
        raise NotSignedIn(N_("invalid, expired or revoked token"), code="token_invalid")
    last = checked.last_used_at
    if last is None or now - _aware(last) >= TOKEN_USE_EVERY:
        checked_tokens.used(key, now)
        bind = session.get_bind()
        afterwards(session, lambda: _record_use(bind, checked.token_id, now))
    return replace(checked.scope, address=address)


def _read_token(session: Session, key: str) -> checked_tokens.Checked | None:
    """The token and its account's jurisdiction (wards included) in one query; kept when
    valid."""
    rows = session.execute(
        select(ApiToken.id, ApiToken.expires_at, ApiToken.last_used_at, User.role,
               User.province_code, User.district_code, User.email, UserWard.ward_code)
        .join(User, User.id == ApiToken.user_id)
        .outerjoin(UserWard, UserWard.user_id == User.id)
        .where(ApiToken.token_hash == key, User.active.is_(True))).all()
    if not rows or rows[0].expires_at is None:
        return None
    first = rows[0]
    checked = checked_tokens.Checked(
        token_id=first.id, expires_at=first.expires_at, last_used_at=first.last_used_at,
        scope=Scope(role=first.role, province_code=first.province_code,
                    district_code=first.district_code, actor=first.email,
                    ward_codes=frozenset(r.ward_code for r in rows if r.ward_code is not None)))
    checked_tokens.keep(key, checked)
    return checked


def _record_use(bind: Engine, token_id: int, now: datetime) -> None:
    # Conditional: of the requests (and processes) that saw the old time, one writes.
    _write_apart(bind, update(ApiToken).where(
        ApiToken.id == token_id,
        or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at <= now - TOKEN_USE_EVERY))
        .values(last_used_at=now))


def _write_apart(bind: Engine, statement) -> None:
    """One statement in a short transaction of its own, committed at once."""
    with Session(bind=bind) as own, own.begin():
        own.execute(statement)


def sign_in(session: Session, email: str, password: str, address: str) -> tuple[str, str]:
    """Check a password, counting failures per account and per address; returns a new session
    id and its CSRF token."""
    email = email.strip().lower()
    since = _now() - FAILURE_WINDOW
    by_account = session.scalar(select(func.count()).where(
        SignInAttempt.email == email, SignInAttempt.at >= since))
    by_address = session.scalar(select(func.count()).where(
        SignInAttempt.address == address, SignInAttempt.at >= since))
    if by_account >= MAX_FAILURES_PER_ACCOUNT or by_address >= MAX_FAILURES_PER_ADDRESS:
        raise TooManyAttempts(N_("too many failed sign-ins; wait 15 minutes and try again"),
                              code="signin_too_many")
    user = session.scalar(select(User).where(User.email == email, User.active.is_(True)))
    if user is None or not verify_password(user.password_hash, password):
        session.add(SignInAttempt(email=email, address=address, at=_now()))
        # The failure must count even though this request ends in an error (and a rollback).
        session.commit()
        raise NotSignedIn(N_("wrong email or password"), code="signin_wrong")
    sid, csrf = new_secret(), new_secret(16)
    session.add(WebSession(token_hash=digest(sid), user_id=user.id, csrf_token=csrf,
                           expires_at=_now() + timedelta(hours=SESSION_HOURS),
                           created_at=_now()))
    session.execute(delete(WebSession).where(WebSession.expires_at < _now()))
    return sid, csrf


def session_user(session: Session, sid: str) -> tuple[User, WebSession] | None:
    """The signed-in user of a session id, sliding its expiry; None when absent or expired
    (`signed_in`, without the scope)."""
    found = signed_in(session, sid)
    return None if found is None else found[:2]


def signed_in(session: Session, sid: str, address: str | None = None
              ) -> tuple[User, WebSession, Scope] | None:
    """The signed-in user of a session id, the session and the user's scope (from `address`),
    sliding its expiry; None when absent or expired.

    The session, its account and the account's wards in one query: a page asks it on every
    request, and the wards were a second one (issue 11, the dashboard's profile). The expiry
    moves at most once a minute, in its own short transaction committed at once: the request's
    transaction never writes (and so never locks) the session's row while it draws a page."""
    rows = session.execute(select(WebSession, User, UserWard.ward_code)
                           .join(User, User.id == WebSession.user_id)
                           .outerjoin(UserWard, UserWard.user_id == User.id)
                           .where(WebSession.token_hash == digest(sid))).all()
    now = _now()
    if not rows:
        return None
    web, user, _ward = rows[0]
    if _aware(web.expires_at) < now:
        return None
    if web.created_at is None or _aware(web.created_at) + timedelta(hours=ABSOLUTE_HOURS) < _now():
        return None
    if not user.active:
        return None
    extended = now + timedelta(hours=SESSION_HOURS)
    if _aware(web.expires_at) <= extended - SESSION_EXTEND_EVERY:
        _extend_session(session, web.token_hash, extended)
    wards = frozenset(r.ward_code for r in rows if r.ward_code is not None)
    return user, web, Scope(role=user.role, province_code=user.province_code,
                            district_code=user.district_code, ward_codes=wards,
                            actor=user.email, address=address)


def _extend_session(session: Session, token_hash: str, until: datetime) -> None:
    # A separate connection in autocommit-sized transaction; the condition makes concurrent
    # requests of one user extend it once, and a request never waits for another's page.
    _write_apart(session.get_bind(), update(WebSession)
                 .where(WebSession.token_hash == token_hash,
                        WebSession.expires_at <= until - SESSION_EXTEND_EVERY)
                 .values(expires_at=until))


def sign_out(session: Session, sid: str) -> None:
    session.execute(delete(WebSession).where(WebSession.token_hash == digest(sid)))


def change_password(session: Session, *, user: User, current: str, new: str,
                    keep_session: str | None = None) -> None:
    """Replace a password, proving the current one; the account's other sessions end (someone
    who knew the old password is signed out)."""
    if not verify_password(user.password_hash, current):
        raise InvalidInput(N_("the current password is wrong"), code="password_wrong")
    if len(new) < MIN_LENGTH:
        raise InvalidInput(N_("the new password must be at least %(min)s characters"),
                           code="new_password_short", min=MIN_LENGTH)
    if new == current:
        raise InvalidInput(N_("the new password must differ from the current one"),
                           code="new_password_same")

    user.password_hash = hash_password(new)
    user.must_change_password = False
    others = delete(WebSession).where(WebSession.user_id == user.id)
    if keep_session:
        others = others.where(WebSession.token_hash != digest(keep_session))
    session.execute(others)
    audit.record(session, Scope(role=user.role, actor=user.email), "update", "user",
                 user.email, changes={"password": "changed"}, province_code=user.province_code)
