"""Request-scoped dependencies: the database session and the caller's scope.

The API accepts a bearer token or the web session cookie; pages only the cookie. With neither
the answer is 401 (API) or a redirect to sign-in (pages). Forms posted with the cookie must carry
the session's CSRF token."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from episurv.accounts import service as accounts
from episurv.accounts.models import User
from episurv.accounts.scope import PUBLIC, Scope
from episurv.db import session_scope
from episurv.errors import EpisurvError
from episurv.web.security import client_address

SESSION_COOKIE = "episurv_session"
__all__ = ["client_address"]  # where routes take it from


class CsrfFailed(EpisurvError):
    http_status = 403


class SignInRequired(EpisurvError):
    """Raised by pages; the app turns it into a redirect to the sign-in page."""

    http_status = 303


class PasswordChangeRequired(EpisurvError):
    """A one-time password in use: pages redirect to the change form, the API refuses."""

    http_status = 403


def get_session(request: Request) -> Iterator[Session]:
    """The request's unit of work. Routes take it with DB:
    the commit then happens before the response is sent, so a client that was told "saved" (or
    redirected to see it) never finds the write missing or, if the commit fails, believes it."""
    # Requests that change things take the write lock at once on SQLite (see db._sqlite_begin).
    with session_scope(write=request.method not in ("GET", "HEAD", "OPTIONS")) as session:
        yield session


# The one way routes take the unit of work (see get_session).
DB = Depends(get_session, scope="function")


@dataclass
class Caller:
    scope: Scope
    user: User | None
    csrf: str | None  # None for bearer tokens: they are not sent by browsers on their own


def _caller(request: Request, session: Session) -> Caller | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return Caller(accounts.scope_for_token(session, header[7:].strip(),
                                               client_address(request)), None, None)
    sid = request.cookies.get(SESSION_COOKIE)
    if sid:
        found = accounts.signed_in(session, sid, client_address(request))
        if found:
            user, web, scope = found
            return Caller(scope, user, web.csrf_token)
    return None


def current_scope(request: Request, session: Session = DB) -> Scope:
    """The API caller's scope; 401 without a valid token or session. A cookie-authenticated
    write must carry the CSRF token in the X-CSRF-Token header."""
    caller = _caller(request, session)
    if caller is None:
        raise accounts.NotSignedIn("sign in, or send 'Authorization: Bearer <token>'")
    writes = request.method not in ("GET", "HEAD", "OPTIONS")
    if caller.csrf is not None and writes and request.headers.get("x-csrf-token") != caller.csrf:
        raise CsrfFailed("missing or wrong CSRF token")
    if caller.user is not None and caller.user.must_change_password:
        raise PasswordChangeRequired("change your one-time password first (/account/password)")
    return caller.scope


def public_scope(request: Request) -> Scope:
    """Anyone, without sign-in: read-only, for outputs that hold no personal data (published
    reports, open data)."""
    return replace(PUBLIC, address=client_address(request))


def signed_in_or_none(request: Request, session: Session = DB) -> Caller | None:
    """The signed-in user of a page that also has a public face (the landing page at `/`)."""
    caller = _caller(request, session)
    return caller if caller is not None and caller.user is not None else None


def dashboard_caller(request: Request, session: Session = DB) -> Caller | None:
    """The caller of `/`: the public's landing page, a member of staff's dashboard. The
    dashboard is a staff page like any other, so a one-time password opens it no more than it
    opens the case list: it is changed first."""
    caller = signed_in_or_none(request, session)
    if caller is not None and caller.user.must_change_password:
        raise PasswordChangeRequired(_here(request))
    return caller


def signed_in_outside_route(request: Request) -> Caller | None:
    """The signed-in user of a request no route took (an error page shows their navigation):
    read in a unit of work of its own; None when nobody is signed in or the reading fails, as
    an error page must show either way."""
    try:
        with session_scope(write=False) as session:
            caller = signed_in_or_none(request, session)
            session.expunge_all()  # the page reads the account after this unit of work ends
            return caller
    except Exception:  # noqa: BLE001 - whatever failed, the error page is still answered
        return None


def page_caller(request: Request, session: Session = DB) -> Caller:
    caller = _caller(request, session)
    if caller is None or caller.user is None:
        raise SignInRequired(_here(request))
    if caller.user.must_change_password and request.url.path not in OPEN_WITH_ONE_TIME_PASSWORD:
        raise PasswordChangeRequired(_here(request))
    return caller


def _here(request: Request) -> str:
    """The page asked for, with its query: a link to a ward's levels of a given day
    ("/levels/ward/634?date=2021-11-07") opens that day once the user has signed in, not the
    latest."""
    query = request.url.query
    return f"{request.url.path}?{query}" if query else request.url.path


# The pages a user with a one-time password may reach: changing it, and leaving.
OPEN_WITH_ONE_TIME_PASSWORD = ("/account/password", "/signout")


async def check_csrf(request: Request, caller: Caller) -> None:
    form = await request.form()
    if form.get("csrf_token") != caller.csrf:
        raise CsrfFailed("the form has expired or was not sent by this site; reload the page")
