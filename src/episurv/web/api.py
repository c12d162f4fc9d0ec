"""The JSON API, version 1. Each route calls the same service as its CLI twin, in the
caller's scope."""

from __future__ import annotations

from datetime import date as Date

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from episurv import dataversion
from episurv.accounts import audit
from episurv.accounts.schemas import AuditEntryOut
from episurv.accounts.scope import Scope
from episurv.cases import service as cases
from episurv.cases.schemas import CaseIn, CaseOut, CasePage, CasePatch, SharedCode
from episurv.db import session_scope
from episurv.errors import InvalidInput
from episurv.geo.units import PROVINCE, province_code, register
from episurv.reporting.schemas import DailyReport
from episurv.reporting.service import TYPED_DAY, daily_report_for
from episurv.web import cache
from episurv.web.deps import DB, Session, current_scope

router = APIRouter(prefix="/api/v1")


@router.get("/reports/daily", tags=["reports"], response_model=DailyReport)
async def daily_report(request: Request, province: str = Query(..., examples=["Hà Nội"]),
                       date: str | None = Query(None, description=f"{TYPED_DAY}; default latest")
                       ) -> Response:
    """The city's daily report (no personal data; public): the same JSON as
    `episurv report daily --format json`. Drawn and encoded once per data version of the
    province and sent with its ETag (304 while unchanged). A report this process holds under
    the version it read less than dataversion.FRESH seconds ago is sent from the event loop,
    with no thread, connection or statement; anything else is read in a thread."""
    if (held := cache.held_version(province)) is not None:
        code, version = held
        tag = cache.etag("daily-json", code, date, version)
        if (unchanged := cache.not_modified(request, tag)) is not None:
            return unchanged
        body = cache.peek(("daily-json", code, date, version))
        if body is not None:
            return Response(body, media_type="application/json",
                            headers=cache.public_headers(tag))
    return await run_in_threadpool(_daily_report_read, request, province, date)


def _daily_report_read(request: Request, province: str, date: str | None) -> Response:
    code = province_code(province)
    cache.remember_province(province, code)
    # One unit of work in this one thread: the connection is taken and given back here.
    with session_scope(write=False) as session:
        version = dataversion.current(session, code)
        tag = cache.etag("daily-json", code, date, version)
        if (unchanged := cache.not_modified(request, tag)) is not None:
            return unchanged
        body = daily_report_json(session, code, date, version)
    return Response(body, media_type="application/json", headers=cache.public_headers(tag))


def daily_report_json(session: Session, code: int, date: str | None, version: int) -> bytes:
    """The daily report of province `code` encoded, drawn once per data version. The encoded
    bytes are kept, not the report: a request the cache answers encodes nothing."""
    return cache.derived(("daily-json", code, date, version), lambda: JSONResponse(
        jsonable_encoder(daily_report_for(register().get(PROVINCE, code).short_name, date,
                                          session))).body)


@router.post("/cases", status_code=201, response_model=CaseOut, tags=["cases"])
def create_case(body: CaseIn, response: Response, session: Session = DB,
                scope: Scope = Depends(current_scope)) -> dict:
    case = cases.save_case(session, body.model_dump(), scope=scope,
                           must_be_new=bool(body.case_id))
    response.headers["Location"] = f"/api/v1/cases/{case['case_id']}"
    return case


def _cursor(value: str | None) -> tuple[Date, int] | None:
    if not value:
        return None
    try:
        day, ident = value.split("_")
        return Date.fromisoformat(day), int(ident)
    except ValueError:
        raise InvalidInput(f"cursor {value!r} is not one this API gave") from None


@router.get("/cases", response_model=CasePage, tags=["cases"])
async def list_cases(request: Request, province: str | None = None,
                     limit: int = Query(50, ge=1, le=500),
                     after: str | None = Query(None, description="Cursor from next_after")
                     ) -> dict:
    """Cases in the caller's jurisdiction, newest reporting day first."""
    # The caller, the page and the audit entry in one thread and one unit of work, as the
    # lookup below: with the session and scope as dependencies of a sync route each request
    # waited for a thread four times (the session opened, the scope, the route, the session
    # closed), and handing work to a thread was a tenth of the worker's CPU (py-spy, issue 11).
    return await run_in_threadpool(_list_cases, request, province, limit, after)


def _list_cases(request: Request, province: str | None, limit: int, after: str | None
                ) -> dict:
    with session_scope(write=False) as session:
        scope = current_scope(request, session)
        code = province_code(province)
        items, nxt = cases.list_cases(session, scope=scope, filters=cases.CaseFilter(
            province_code=code), limit=limit, after=_cursor(after))
        if items:  # names and phones left the system: audited as the CSV export is
            audit.record(session, scope, "read", "cases", "list",
                         changes={"rows": len(items), "province": province, "after": after},
                         province_code=code or scope.province_code)
    return {"items": items, "next_after": f"{nxt[0].isoformat()}_{nxt[1]}" if nxt else None}


@router.get("/cases/duplicates", tags=["cases"], response_model=list[SharedCode])
def case_duplicates(session: Session = DB, scope: Scope = Depends(current_scope)) -> list[dict]:
    """Patient codes used by more than one province, each province's record beside the others
    (national accounts only): the same JSON as `episurv cases duplicates`."""
    return cases.possible_duplicates(session, scope=scope)


@router.get("/cases/{case_id}", response_model=CaseOut, tags=["cases"])
async def get_case(request: Request, case_id: str, province: str | None = Query(
                       None, description="The province, where several use this code")) -> dict:
    """One case, with the person's name, phone and address: the read is audited (who took
    which case out), as a page of the case list is."""
    # The caller, the case and the audit entry in one thread, one unit of work: as a sync
    # route with the session and scope as dependencies it took five thread hops (the session
    # opened, the scope, the route, the answer's validation, the session closed), each waiting
    # for a thread and the GIL again under load, and held its connection across them.
    return await run_in_threadpool(_get_case, request, case_id, province)


def _get_case(request: Request, case_id: str, province: str | None) -> dict:
    with session_scope(write=False) as session:
        scope = current_scope(request, session)
        case = cases.find_case_values(session, case_id, scope=scope,
                                      province_code=province_code(province))
        audit.record(session, scope, "read", "case", case["case_id"],
                     province_code=case["province_code"])
    return case


@router.patch("/cases/{case_id}", response_model=CaseOut, tags=["cases"])
def patch_case(case_id: str, body: CasePatch, session: Session = DB,
               scope: Scope = Depends(current_scope),
               if_match: str | None = Header(None, description='The version edited: "3"')
               ) -> dict:
    """Change some fields; the version edited is required (body `version` or If-Match), and a
    case changed since then answers 409."""
    changes = body.model_dump(exclude_unset=True)
    version = changes.pop("version", None)
    if version is None and if_match:
        digits = if_match.strip().removeprefix("W/").strip('"')
        version = int(digits) if digits.isdigit() and len(digits) < 10 else None
        if version is None:
            raise InvalidInput(f"If-Match {if_match[:40]!r} is not a version this API gave")
    return cases.patch_case(session, case_id, changes, scope=scope, expected_version=version)


@router.get("/cases/{case_id}/history", tags=["cases"], response_model=list[AuditEntryOut])
def case_history(case_id: str, province: str | None = Query(
                     None, description="The province, where several use this code"),
                 session: Session = DB, scope: Scope = Depends(current_scope)) -> list[dict]:
    """The audit entries of a case (who changed or read it through the API, when, from
    where)."""
    case = cases.get_case(session, case_id, scope=scope, province_code=province_code(province))
    return audit.history(session, "case", case_id, province_code=case.province_code)
