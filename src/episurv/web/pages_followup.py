"""Pages of the daily contact follow-up, for the nurses of a ward health station or a mobile
medical station: the day's list (who is due a call or a test, who missed one) with one-tap
recording of calls and tests, and a contact's page (exposure, quarantine plan and the rule that
set it, tests and checks, and the actions: record a check, register as a case, close).

Thin: the list is `contacts.followup.followup_day`, the writes are `contacts.service`
(record_check, become_case, close_contact), all in the caller's scope. Issue 4: "Follow-up lists
per day per team/station" and "an F1 who tests positive becomes a case in one step, keeping the
link".
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from episurv.accounts import audit
from episurv.accounts.scope import Scope
from episurv.contacts import service as contacts
from episurv.contacts.followup import FOLLOWED, followup_day, followup_item
from episurv.contacts.quarantine import RULES
from episurv.errors import Conflict, InvalidInput, NotFound
from episurv.geo.units import DISTRICT, WARD, register
from episurv.reporting.service import parse_day
from episurv.web.deps import DB, Caller, Session, check_csrf, page_caller
from episurv.web.i18n import said
from episurv.web.pages import lang_of, page_day, render

if TYPE_CHECKING:
    from episurv.contacts.models import Contact

router = APIRouter(include_in_schema=False)
PAGE = 50
MAX_PAGE = 200


def _int(value: Any, default: int = 0) -> int:
    text = str(value or "").strip()
    return int(text) if text.isdigit() else default


async def _check_csrf(request: Request, caller: Caller) -> None:
    """htmx sends the token as the X-CSRF-Token header (base.html); plain forms as a field."""
    if caller.csrf and request.headers.get("x-csrf-token") == caller.csrf:
        return
    await check_csrf(request, caller)


def ward_view(scope: Scope, ward_code: int | None) -> Scope:
    """The caller's scope narrowed to one of its wards (the station's list), or as it is.
    A ward outside the jurisdiction is not found, as any record there would be."""
    if not ward_code:
        return scope
    reg = register()
    if (WARD, ward_code) not in reg.by_code:
        raise NotFound(f"no ward {ward_code}")
    ward = reg.get(WARD, ward_code)
    province = reg.get(DISTRICT, ward.parent_code).parent_code
    if not scope.allows(province, ward.parent_code, ward_code):
        raise NotFound(f"no ward {ward_code}")
    return Scope(role=scope.role, province_code=province, district_code=ward.parent_code,
                 ward_codes=frozenset({ward_code}), actor=scope.actor, address=scope.address)


def followup_row(c: Contact, day: date) -> dict:
    """The row a nurse has just acted on, redrawn without reading the whole list again."""
    return followup_item(
        day, contact_code=c.contact_code, level=c.level, name=c.name, phone=c.phone,
        ward_code=c.ward_code, team=c.team, exposure_date=c.exposure_date,
        quarantine_start=c.quarantine_start, quarantine_end=c.quarantine_end,
        follow_end=c.follow_end, next_test_on=c.next_test_on, last_call_on=c.last_call_on,
        setting=c.setting, policy=c.policy, status=c.status)


def _filter_options(scope: Scope, result: dict, ward: int | None, team: str
                    ) -> tuple[list[tuple[int, str]], list[str]]:
    """The wards a caller may pick (a station its wards, a district its wards, others the wards
    with people followed), and the teams seen in the list."""
    reg = register()
    if scope.ward_codes:
        codes = set(scope.ward_codes)
    elif scope.district_code is not None:
        codes = {u.code for u in reg.units(WARD, scope.district_code)}
    else:
        codes = {s["ward_code"] for s in result["stations"] if s["ward_code"]}
    if ward:
        codes.add(ward)
    wards = sorted(((c, reg.get(WARD, c).short_name) for c in codes), key=lambda w: w[1])
    teams = sorted({s["team"] for s in result["stations"] if s["team"]} | ({team} - {""}))
    return wards, teams


def _list_context(session: Session, caller: Caller, day: date, ward: int | None, team: str,
                  offset: int, limit: int) -> dict:
    view = ward_view(caller.scope, ward)
    result = followup_day(session, scope=view, day=day, team=team or None, limit=limit,
                          offset=offset)
    positive = contacts.positive_contacts(session, [i["contact_code"] for i in result["items"]])
    for item in result["items"]:
        item["positive"] = item["contact_code"] in positive
    wards, teams = _filter_options(caller.scope, result, ward, team)
    filters = {"date": day.isoformat(), "ward": str(ward or ""), "team": team}
    kept = {k: v for k, v in filters.items() if v} | ({"limit": str(limit)} if limit != PAGE
                                                      else {})
    return {"result": result, "filters": filters, "wards": wards, "teams": teams,
            "query": urlencode(kept), "offset": offset, "limit": limit,
            "prev_offset": max(offset - limit, 0) if offset else None,
            "next_offset": offset + limit if offset + limit < result["totals"]["followed"]
            else None, "today": page_day(session, None, caller.scope).isoformat()}


@router.get("/followup", response_class=HTMLResponse)
def followup_page(request: Request, date: str | None = None, ward: str | None = None,
                  team: str | None = None, offset: str | None = None, limit: str | None = None,
                  caller: Caller = Depends(page_caller),
                  session: Session = DB) -> HTMLResponse:
    """The day's list of the caller's jurisdiction (or one of its wards, one team): counts per
    ward and team, then the people most urgent first, a page at a time."""
    size = min(max(_int(limit, PAGE), 1), MAX_PAGE)
    day = page_day(session, date, caller.scope)
    context = _list_context(session, caller, day, _int(ward) or None,
                            (team or "").strip(), _int(offset), size)
    name = "followup_rows.html" if request.headers.get("hx-request") else "followup.html"
    return render(request, name, caller, **context)


@router.post("/followup/checks", response_class=HTMLResponse)
async def followup_check(request: Request, caller: Caller = Depends(page_caller),
                         session: Session = DB) -> Response:
    """A call or a test recorded from the list: the row is drawn again, and the counts with it
    (htmx swaps both); without script, back to the list."""
    await _check_csrf(request, caller)
    caller.scope.require_write()
    form = await request.form()
    code = str(form.get("code", ""))
    day = page_day(session, str(form.get("date") or ""), caller.scope)
    ward, team = _int(form.get("ward")) or None, str(form.get("team") or "").strip()
    error = recorded = None
    try:
        done = contacts.record_check(session, scope=caller.scope, contact_code=code, day=day,
                                     kind=str(form.get("kind", "")),
                                     result=str(form.get("result", "")))
        recorded = {"check_id": done["check_id"], "kind": form.get("kind"),
                    "result": form.get("result")}
    except (InvalidInput, Conflict) as exc:
        session.rollback()
        error = said(exc, lang_of(request))
    return _redrawn(request, caller, session, code, day, ward, team, error=error,
                    recorded=recorded)


@router.post("/followup/undo", response_class=HTMLResponse)
async def followup_undo(request: Request, caller: Caller = Depends(page_caller),
                        session: Session = DB) -> Response:
    """The result just recorded from the list, taken back (by its author, within
    `contacts.UNDO_MINUTES`): the row is drawn again as it was before."""
    await _check_csrf(request, caller)
    caller.scope.require_write()
    form = await request.form()
    code = str(form.get("code", ""))
    day = page_day(session, str(form.get("date") or ""), caller.scope)
    ward, team = _int(form.get("ward")) or None, str(form.get("team") or "").strip()
    error = undone = None
    try:
        undone = contacts.undo_check(session, scope=caller.scope, contact_code=code,
                                     check_id=_int(form.get("check_id")))["undone"]
    except (InvalidInput, Conflict) as exc:
        session.rollback()
        error = said(exc, lang_of(request))
    return _redrawn(request, caller, session, code, day, ward, team, error=error,
                    undone=undone)


def _redrawn(request: Request, caller: Caller, session: Session, code: str, day: date,
             ward: int | None, team: str, **row: Any) -> Response:
    """After a write from the list: with htmx the person's row and the counts; without
    script, back to the list."""
    if not request.headers.get("hx-request"):
        query = urlencode({k: v for k, v in (("date", day.isoformat()), ("ward", ward or ""),
                                             ("team", team)) if v})
        return RedirectResponse(f"/followup?{query}", status_code=303)
    contact = contacts.get_contact(session, code, scope=caller.scope)
    positive = contacts.positive_contacts(session, [code])
    item = followup_row(contact, day) | {"positive": bool(positive)}
    context = _list_context(session, caller, day, ward, team, 0, 0)
    return render(request, "followup_rows.html", caller, one=item, row_error=row.get("error"),
                  recorded=row.get("recorded"), undone=row.get("undone"),
                  undo_minutes=contacts.UNDO_MINUTES, **context)


# --- a contact's page ----------------------------------------------------------------------

def _contact_context(session: Session, caller: Caller, code: str,
                     recorded: int | None = None) -> dict:
    c = contacts.get_contact(session, code, scope=caller.scope)
    values = contacts.contact_values(session, c)
    checks = contacts.contact_checks(session, c)
    # The result just recorded from this page can be taken back while it is the latest and
    # its author's (contacts.undo_check says so when the minutes have passed).
    latest = checks[-1] if checks else None
    undoable = latest if (latest is not None and latest.id == recorded
                          and latest.by == caller.scope.actor) else None
    positives = [t["done_on"] for t in values["tests"] if t["result"] == "positive"]
    today = page_day(session, None, caller.scope).isoformat()
    rule = next((r for r in RULES if r.policy == c.policy), None)
    return {"c": values, "checks": checks, "history": audit.history(session, "contact", code),
            "chain_case": contacts.chain_case(session, c),
            "rule_from": rule.in_force_from.isoformat() if rule else None,
            "followed": c.status in FOLLOWED, "today": today, "undoable": undoable,
            "undo_minutes": contacts.UNDO_MINUTES,
            # A case is reported on the day its positive test came back.
            "report_day": max(positives) if positives else today}


def _contact_page(request: Request, caller: Caller, session: Session, code: str,
                  error: str | None = None, status: int = 200,
                  typed: Any = None, **context: Any) -> HTMLResponse:
    return render(request, "contact.html", caller, error=error, status=status, typed=typed,
                  **context, **_contact_context(session, caller, code,
                                                _int(request.query_params.get("recorded"))))


@router.get("/contacts/{code}", response_class=HTMLResponse)
def contact_page(request: Request, code: str, caller: Caller = Depends(page_caller),
                 session: Session = DB) -> HTMLResponse:
    return _contact_page(request, caller, session, code)


async def _write(request: Request, caller: Caller, session: Session, code: str,
                 action) -> Response:
    """CSRF, write permission and the jurisdiction first; then the action, whose refusal is
    shown on the contact's page with its status."""
    await _check_csrf(request, caller)
    caller.scope.require_write()
    contacts.get_contact(session, code, scope=caller.scope)  # 404 outside the jurisdiction
    form = await request.form()
    try:
        target = action(form)
    except (InvalidInput, Conflict, NotFound) as exc:
        session.rollback()
        return _contact_page(request, caller, session, code, error=said(exc, lang_of(request)),
                             status=exc.http_status, typed=form)
    return RedirectResponse(target, status_code=303)


@router.post("/contacts/{code}/checks", response_class=HTMLResponse)
async def contact_check(request: Request, code: str, caller: Caller = Depends(page_caller),
                        session: Session = DB) -> Response:
    """A call or test result; a positive is asked again first (it sends the person to be
    registered as a case), as on the follow-up list, and any result can be undone for
    `contacts.UNDO_MINUTES`."""
    form = await request.form()
    if str(form.get("result", "")) == "positive" and form.get("confirmed") != "yes":
        await _check_csrf(request, caller)
        caller.scope.require_write()
        contacts.get_contact(session, code, scope=caller.scope)  # 404 outside the jurisdiction
        # Nothing is recorded yet: the page asks, with what was typed.
        return _contact_page(request, caller, session, code, typed=form, confirm_positive=form)

    def act(form) -> str:
        day = page_day(session, str(form.get("date") or ""), caller.scope)
        done = contacts.record_check(
            session, scope=caller.scope, contact_code=code, day=day,
            kind=str(form.get("kind", "")), result=str(form.get("result", "")),
            note=str(form.get("note") or "").strip() or None)
        return f"/contacts/{quote(code)}?saved=1&recorded={done['check_id']}#record-check"
    return await _write(request, caller, session, code, act)


@router.post("/contacts/{code}/undo", response_class=HTMLResponse)
async def contact_undo(request: Request, code: str, caller: Caller = Depends(page_caller),
                       session: Session = DB) -> Response:
    """The result just recorded on the contact's page, taken back (contacts.undo_check)."""
    def act(form) -> str:
        contacts.undo_check(session, scope=caller.scope, contact_code=code,
                            check_id=_int(form.get("check_id")))
        return f"/contacts/{quote(code)}?undone=1#record-check"
    return await _write(request, caller, session, code, act)


@router.post("/contacts/{code}/case", response_class=HTMLResponse)
async def contact_become_case(request: Request, code: str,
                              caller: Caller = Depends(page_caller),
                              session: Session = DB) -> Response:
    """Positive: register the person as a case, keeping the link; then the new case's page."""
    def act(form) -> str:
        report = parse_day(str(form.get("report_date") or "") or None, "report_date")
        if report is None:
            raise InvalidInput("give the report date of the case")
        done = contacts.become_case(
            session, scope=caller.scope, contact_code=code, report_date=report,
            report_time=str(form.get("report_time") or "").strip() or None,
            case_id=str(form.get("case_id") or "").strip() or None)
        return f"/cases/{done['case_id']}?saved=1"
    return await _write(request, caller, session, code, act)


@router.post("/contacts/{code}/close", response_class=HTMLResponse)
async def contact_close(request: Request, code: str, caller: Caller = Depends(page_caller),
                        session: Session = DB) -> Response:
    def act(form) -> str:
        contacts.close_contact(session, scope=caller.scope, contact_code=code,
                               reason=str(form.get("reason") or ""))
        return f"/contacts/{quote(code)}?saved=1"
    return await _write(request, caller, session, code, act)

