"""Accounts: jurisdictions from roles, sign-in limits, session expiry, tokens stored hashed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from episurv.accounts import service as accounts
from episurv.accounts.models import ApiToken, WebSession
from episurv.accounts.passwords import digest
from episurv.accounts.scope import SYSTEM, Forbidden, Scope
from episurv.errors import InvalidInput


def test_roles_get_their_jurisdiction(session):
    _u, _p = accounts.add_user(session, scope=SYSTEM, email="Tram@X.vn", role="station",
                               unit="Hà Nội", district="Ba Đình", wards=["Cống Vị", "Kim Mã"])
    user, _ = accounts.add_user(session, scope=SYSTEM, email="d@x.vn", role="district",
                                unit="Hà Nội", district="Thanh Xuân")
    station = accounts.scope_of(session, _u)
    assert (station.actor, station.province_code, station.district_code) == ("tram@x.vn", 1, 1)
    assert len(station.ward_codes) == 2
    assert station.allows(1, 1, min(station.ward_codes)) and not station.allows(1, 1, None)
    district = accounts.scope_of(session, user)
    assert district.allows(1, 9) and not district.allows(1, 1) and not district.allows(31, 9)


@pytest.mark.parametrize("kwargs,message", [
    ({"role": "district", "unit": "Hà Nội"}, "needs --district"),
    ({"role": "station", "unit": "Hà Nội", "district": "Ba Đình"}, "needs --district and --ward"),
    ({"role": "national", "unit": "Hà Nội"}, "covers the whole country"),
    ({"role": "province", "unit": None}, "needs --unit"),
    ({"role": "province", "unit": "Hà Nội", "password": "short"}, "at least 10"),
])
def test_bad_accounts_are_refused(session, kwargs, message):
    with pytest.raises(InvalidInput, match=message):
        accounts.add_user(session, scope=SYSTEM, email="a@x.vn", **kwargs)


def test_only_admin_manages_accounts(session):
    with pytest.raises(Forbidden):
        accounts.add_user(session, scope=Scope(role="province", province_code=1), email="b@x.vn",
                          role="viewer", unit="Hà Nội")


def test_failures_are_limited_per_address_too(session):
    for n in range(accounts.MAX_FAILURES_PER_ADDRESS):
        with pytest.raises(accounts.NotSignedIn):
            accounts.sign_in(session, f"user{n}@x.vn", "whatever-pass", "10.9.8.7")
    with pytest.raises(accounts.TooManyAttempts):
        accounts.sign_in(session, "someone-else@x.vn", "whatever-pass", "10.9.8.7")
    # Another address is not locked out.
    with pytest.raises(accounts.NotSignedIn):
        accounts.sign_in(session, "someone-else@x.vn", "whatever-pass", "10.9.8.8")


def test_sessions_expire_and_slide(session):
    accounts.add_user(session, scope=SYSTEM, email="c@x.vn", role="province", unit="Hà Nội",
                      password="correct horse battery")
    sid, csrf = accounts.sign_in(session, "c@x.vn", "correct horse battery", "127.0.0.1")
    user, web = accounts.session_user(session, sid)
    assert user.email == "c@x.vn" and web.csrf_token == csrf
    session.execute(update(WebSession).values(
        expires_at=datetime.now(UTC) - timedelta(minutes=1)))
    session.expire_all()
    assert accounts.session_user(session, sid) is None


def test_a_station_s_web_session_gives_its_wards_in_one_statement(session, db):
    """Issue 11: a page read the session with its account, then the account's wards by a
    second query; now one. The scope is the one `scope_of` makes, with the caller's address."""
    from statements import statements

    user, _ = accounts.add_user(session, scope=SYSTEM, email="tram2@x.vn", role="station",
                                unit="Hà Nội", district="Ba Đình", wards=["Cống Vị", "Kim Mã"],
                                password="correct horse battery")
    sid, csrf = accounts.sign_in(session, "tram2@x.vn", "correct horse battery", "127.0.0.1")
    session.commit()
    found: list = []
    seen = statements(db, lambda: found.append(accounts.signed_in(session, sid, "10.1.2.3")))
    reads = [s for s in seen if s.startswith("SELECT")]  # (SQLite's BEGIN is one too)
    assert len(reads) == 1 and "user_wards" in reads[0]
    who, web, scope = found[0]
    assert (who.email, web.csrf_token) == ("tram2@x.vn", csrf)
    assert scope == accounts.scope_of(session, user, "10.1.2.3")
    assert (scope.role, scope.province_code, scope.district_code, scope.address) == (
        "station", 1, 1, "10.1.2.3")
    assert len(scope.ward_codes) == 2
    # An account with no wards has an empty set, as before.
    from episurv.db import session_scope
    with session_scope(db) as s:
        accounts.add_user(s, scope=SYSTEM, email="p@x.vn", role="province", unit="Hà Nội",
                          password="correct horse battery")
        other, _csrf = accounts.sign_in(s, "p@x.vn", "correct horse battery", "127.0.0.1")
    with session_scope(db) as s:
        assert accounts.signed_in(s, other)[2].ward_codes == frozenset()
        assert accounts.signed_in(s, "no-such-session") is None


def test_tokens_are_stored_hashed(session):
    accounts.add_user(session, scope=SYSTEM, email="t@x.vn", role="viewer", unit="Hà Nội")
    token = accounts.create_token(session, scope=SYSTEM, email="t@x.vn")
    stored = session.scalars(select(ApiToken.token_hash)).all()
    assert stored == [digest(token)] and token not in stored
    assert accounts.scope_for_token(session, token, "127.0.0.1").role == "viewer"
    accounts.disable_user(session, scope=SYSTEM, email="t@x.vn")
    with pytest.raises(accounts.NotSignedIn):
        accounts.scope_for_token(session, token, "127.0.0.1")


def _stored_expiry(db, sid):
    from episurv.db import session_scope
    with session_scope(db) as s:
        return accounts._aware(s.get(WebSession, digest(sid)).expires_at)


def test_session_expiry_slides_once_a_minute_outside_the_request(db):
    from sqlalchemy import text

    from episurv.db import get_engine, session_factory, session_scope
    with session_scope(db) as s:
        accounts.add_user(s, scope=SYSTEM, email="e@x.vn", role="province", unit="Hà Nội",
                          password="correct horse battery")
        sid, _csrf = accounts.sign_in(s, "e@x.vn", "correct horse battery", "127.0.0.1")
    two_minutes_old = datetime.now(UTC) + timedelta(hours=accounts.SESSION_HOURS, minutes=-2)
    with session_scope(db) as s:
        s.execute(update(WebSession).values(expires_at=two_minutes_old))

    request = session_factory(db)()
    try:
        assert accounts.session_user(request, sid) is not None
        request.flush()  # what the page's first query would do
        # The extension is already committed, by its own transaction...
        extended = _stored_expiry(db, sid)
        assert extended - two_minutes_old > timedelta(seconds=110)
        # ...and the request holds no lock on the row while it draws its page.
        if get_engine(db).dialect.name == "postgresql":
            with get_engine(db).connect() as other:
                other.execute(text("SET lock_timeout = '1s'"))
                other.execute(text("SELECT 1 FROM web_sessions FOR UPDATE NOWAIT"))
                other.rollback()
        # A second request within the minute does not write at all.
        assert accounts.session_user(request, sid) is not None
        request.flush()
        assert _stored_expiry(db, sid) == extended
    finally:
        request.rollback()
        request.close()
    assert _stored_expiry(db, sid) == extended
