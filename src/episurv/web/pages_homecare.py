"""Pages of care at home, for the nurses of a ward or mobile medical station (on a phone):
stations and their five tasks' logs, households and people with their attention flags, the
worklist of the day (alerts first), a person's page (intake, check-ins, tests, release,
medicine, outcome), the printable release certificate; and the personal check-in page that the
household's QR code opens (no sign-in, Vietnamese, works offline: static/checkin.js).

Thin: every read and write is `homecare.service` in the caller's scope.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import segno
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ValidationError

from episurv.core.days import read_day, read_moment
from episurv.core.time import LOCAL
from episurv.errors import Conflict, InvalidInput, NotFound
from episurv.homecare import service as hc
from episurv.homecare.release import read as read_release_reason
from episurv.homecare.schemas import (
    AssessmentIn,
    CheckInIn,
    HouseholdIn,
    LogIn,
    PersonIn,
    StationIn,
)
from episurv.homecare.triage import MILD_SYMPTOMS, RED_SYMPTOMS, YELLOW_SYMPTOMS
from episurv.homecare.vocabulary import STATION_KINDS, TASKS
from episurv.web.deps import DB, Caller, Session, check_csrf, page_caller
from episurv.web.i18n import N_, said
from episurv.web.pages import lang_of, render
from episurv.web.pages_followup import _check_csrf
from episurv.web.schemas_ids import DbId

router = APIRouter(include_in_schema=False)

# Reasons are stored in English (the API's words); pages say them in the reader's language.
_REASONS = (
    (re.compile(r"^respiratory rate (\d+)/min ≥ (\d+)$"), "respiratory rate {0}/min ≥ {1}"),
    (re.compile(r"^SpO2 (\d+)% ≤ (\d+)% \(not re-measured\)$"),
     "SpO2 {0}% ≤ {1}% (not re-measured)"),
    (re.compile(r"^SpO2 (\d+)% ≤ (\d+)% \(re-measured\)$"), "SpO2 {0}% ≤ {1}% (re-measured)"),
    (re.compile(r"^SpO2 (\d+)% ≤ (\d+)%, re-measured (\d+)%$"),
     "SpO2 {0}% ≤ {1}%, re-measured {2}%"),
    (re.compile(r"^SpO2 (\d+)%$"), "SpO2 {0}%"),
    (re.compile(r"^pulse (\d+)/min > (\d+)$"), "pulse {0}/min > {1}"),
    (re.compile(r"^pulse (\d+)/min < (\d+)$"), "pulse {0}/min < {1}"),
    (re.compile(r"^systolic blood pressure (\d+) < (\d+) mmHg$"),
     "systolic blood pressure {0} < {1} mmHg"),
    (re.compile(r"^diastolic blood pressure (\d+) < (\d+) mmHg$"),
     "diastolic blood pressure {0} < {1} mmHg"),
    (re.compile(r"^temperature ([\d.]+) °C ≥ ([\d.]+)$"), "temperature {0} °C ≥ {1}"),
)


def _reason_messages(_) -> dict[str, str]:
    # Listed here so that the catalogue check finds every message.
    return {
        "respiratory rate {0}/min ≥ {1}": _("respiratory rate {0}/min ≥ {1}"),
        "SpO2 {0}% ≤ {1}% (not re-measured)": _("SpO2 {0}% ≤ {1}% (not re-measured)"),
        "SpO2 {0}% ≤ {1}% (re-measured)": _("SpO2 {0}% ≤ {1}% (re-measured)"),
        "SpO2 {0}% ≤ {1}%, re-measured {2}%": _("SpO2 {0}% ≤ {1}%, re-measured {2}%"),
        "SpO2 {0}%": "SpO2 {0}%",
        "pulse {0}/min > {1}": _("pulse {0}/min > {1}"),
        "pulse {0}/min < {1}": _("pulse {0}/min < {1}"),
        "systolic blood pressure {0} < {1} mmHg": _("systolic blood pressure {0} < {1} mmHg"),
        "diastolic blood pressure {0} < {1} mmHg": _("diastolic blood pressure {0} < {1} mmHg"),
        "temperature {0} °C ≥ {1}": _("temperature {0} °C ≥ {1}"),
    }


def say_reason(text: str, _) -> str:
    """A triage reason in the page's language (symptom names are catalogue messages)."""
    messages = _reason_messages(_)
    for pattern, template in _REASONS:
        m = pattern.match(text)
        if m:
            return messages[template].format(*m.groups())
    return _(text)


def _symptom_choices(_) -> list[tuple[str, str, str]]:
    """(code, label, colour) of the symptoms a person can tick, warning signs first."""
    return ([(c, _(t), "red") for c, t in RED_SYMPTOMS.items()]
            + [(c, _(t), "yellow") for c, t in YELLOW_SYMPTOMS.items()]
            + [(c, _(t), "green") for c, t in MILD_SYMPTOMS.items()])


def _form_model(cls: type[BaseModel], data: dict[str, Any]) -> Any:
    """A form as a schema; a refusal names each field and what was wrong."""
    clean = {k: v for k, v in data.items() if v not in ("", None)}
    try:
        return cls(**clean)
    except ValidationError as exc:
        problems = [{"field": ".".join(map(str, e["loc"])), "value": str(e.get("input", "")),
                     "message": e["msg"]} for e in exc.errors()]
        raise InvalidInput("; ".join(f"{p['field']}: {p['message']}" for p in problems),
                           problems) from None


def _flag(form, name: str) -> bool:
    return str(form.get(name, "")).lower() in ("1", "on", "true", "yes")


def _tristate(form, name: str) -> bool | None:
    value = str(form.get(name, ""))
    return {"yes": True, "no": False}.get(value)


def _at(value: str | None, field: str = "at") -> datetime | None:
    """A date and time typed into field `field` (read_moment: "7/11/2021 14:30" as
    well as the browser's "2021-11-07T14:30"), in Vietnam's time; None when left empty; one that
    writes none refused naming the field and why, in the page's language."""
    if not value:
        return None
    return read_moment(value, field).replace(tzinfo=LOCAL)


def _page(request: Request, caller: Caller, name: str, **context: Any) -> HTMLResponse:
    gettext = _gettext(request)
    lang = lang_of(request)
    return render(request, name, caller, reason=lambda t: say_reason(t, gettext),
                  release_reason=lambda t: said(read_release_reason(t), lang),
                  tasks=TASKS, kinds=STATION_KINDS, **context)


def _gettext(request: Request):
    from episurv.web.i18n import gettext_for

    return gettext_for(lang_of(request))


# --- stations -------------------------------------------------------------------------------

@router.get("/stations", response_class=HTMLResponse)
def stations_page(request: Request, caller: Caller = Depends(page_caller),
                  session: Session = DB, error: str | None = None) -> HTMLResponse:
    stations = hc.list_stations(session, scope=caller.scope)
    if len(stations) == 1 and caller.scope.role == "station" and not error:
        return RedirectResponse(f"/stations/{stations[0].id}/worklist", status_code=303)
    return _page(request, caller, "homecare_stations.html", stations=stations, error=error)


@router.post("/stations", response_class=HTMLResponse)
async def stations_create(request: Request, caller: Caller = Depends(page_caller),
                          session: Session = DB) -> Response:
    await check_csrf(request, caller)
    form = await request.form()
    try:
        body = _form_model(StationIn, {**form, "wards": [w.strip() for w in str(
            form.get("wards", "")).split(",") if w.strip()]})
        done = hc.create_station(session, scope=caller.scope, **body.model_dump())
    except (InvalidInput, Conflict) as exc:
        session.rollback()
        return _page(request, caller, "homecare_stations.html",
                     stations=hc.list_stations(session, scope=caller.scope),
                     error=said(exc, lang_of(request)),
                     status=exc.http_status, typed=form)
    return RedirectResponse(f"/stations/{done.id}", status_code=303)


def _station_context(session: Session, caller: Caller, station_id: int) -> dict:
    day = hc.latest_moment(session, scope=caller.scope, station_id=station_id).date()
    detail = hc.station_detail(session, station_id, scope=caller.scope, until=day)
    # "today", not "day": the templates' `day` formats a date, and a value of that name
    # would hide it.
    return {"station": detail, "today": day.isoformat(), "activity": detail.activity,
            "households": hc.households(session, scope=caller.scope, station_id=station_id,
                                        day=day)}


@router.get("/stations/{station_id}", response_class=HTMLResponse)
def station_page(request: Request, station_id: DbId, caller: Caller = Depends(page_caller),
                 session: Session = DB) -> HTMLResponse:
    return _page(request, caller, "homecare_station.html",
                 **_station_context(session, caller, station_id))


async def _station_write(request: Request, caller: Caller, session: Session, station_id: int,
                         action) -> Response:
    await check_csrf(request, caller)
    form = await request.form()
    try:
        target = action(form)
    except (InvalidInput, Conflict, NotFound) as exc:
        session.rollback()
        return _page(request, caller, "homecare_station.html", error=said(exc, lang_of(request)),
                     status=exc.http_status, typed=form,
                     **_station_context(session, caller, station_id))
    return RedirectResponse(target, status_code=303)


@router.post("/stations/{station_id}/log", response_class=HTMLResponse)
async def station_log(request: Request, station_id: DbId, caller: Caller = Depends(page_caller),
                      session: Session = DB) -> Response:
    def act(form) -> str:
        body = _form_model(LogIn, dict(form))
        hc.log_activity(session, scope=caller.scope, station_id=station_id, day=body.date,
                        task=body.task, count=body.count, note=body.note)
        return f"/stations/{station_id}?saved=1#log"
    return await _station_write(request, caller, session, station_id, act)


@router.post("/stations/{station_id}/households", response_class=HTMLResponse)
async def station_household(request: Request, station_id: DbId,
                            caller: Caller = Depends(page_caller),
                            session: Session = DB) -> Response:
    def act(form) -> str:
        body = _form_model(HouseholdIn, dict(form))
        hc.add_household(session, scope=caller.scope, station_id=station_id,
                         **body.model_dump())
        return f"/stations/{station_id}?saved=1#households"
    return await _station_write(request, caller, session, station_id, act)


@router.post("/stations/{station_id}/households/{household_id}/people",
             response_class=HTMLResponse)
async def station_person_add(request: Request, station_id: DbId, household_id: DbId,
                             caller: Caller = Depends(page_caller),
                             session: Session = DB) -> Response:
    def act(form) -> str:
        data = {k: v for k, v in form.items() if k != "csrf_token"}
        for flag in hc.FLAGS:
            data[flag] = _flag(form, flag)
        body = _form_model(PersonIn, data)
        p = hc.add_person(session, scope=caller.scope,
                          province_code=hc.station_province(session, station_id,
                                                            scope=caller.scope),
                          household_id=household_id, values=body)
        return f"/stations/{station_id}/people/{p.id}"
    return await _station_write(request, caller, session, station_id, act)


# --- the worklist ---------------------------------------------------------------------------

@router.get("/stations/{station_id}/worklist", response_class=HTMLResponse)
def worklist_page(request: Request, station_id: DbId, at: str | None = None,
                  caller: Caller = Depends(page_caller), session: Session = DB,
                  error: str | None = None, status: int = 200,
                  typed: Any = None) -> HTMLResponse:
    result = hc.station_worklist(session, scope=caller.scope, station_id=station_id,
                                 at=_at(at))
    return _page(request, caller, "homecare_worklist.html", w=result, error=error,
                 at=result.at[:16], symptoms=_symptom_choices(_gettext(request)),
                 status=status, typed=typed)


@router.post("/stations/{station_id}/checkins", response_class=HTMLResponse)
async def staff_checkin(request: Request, station_id: DbId,
                        caller: Caller = Depends(page_caller), session: Session = DB
                        ) -> Response:
    """A check-in entered by a nurse (from the worklist or the person's page)."""
    await _check_csrf(request, caller)
    form = await request.form()
    person_id = int(str(form.get("person_id") or 0))
    back = str(form.get("back") or f"/stations/{station_id}/worklist")
    try:
        province = hc.person_province(session, scope=caller.scope, station_id=station_id,
                                      person_id=person_id)
        data = {k: v for k, v in form.items()
                if k not in ("csrf_token", "person_id", "back", "symptoms", "measured_at")}
        measured = _at(str(form.get("measured_at") or ""), "measured_at") or datetime.now(LOCAL)
        values = _form_model(CheckInIn, {**data, "measured_at": measured,
                                         "symptoms": form.getlist("symptoms")})
        hc.staff_checkin(session, scope=caller.scope, province_code=province,
                         person_id=person_id, values=values)
    except (InvalidInput, Conflict) as exc:
        session.rollback()
        return worklist_page(request, station_id, None, caller, session,
                             error=said(exc, lang_of(request)),
                             status=exc.http_status, typed=form)
    return RedirectResponse(back if back.startswith("/") else "/", status_code=303)


@router.post("/stations/{station_id}/alerts/{alert_id}/resolve", response_class=HTMLResponse)
async def resolve_alert(request: Request, station_id: DbId, alert_id: DbId,
                        caller: Caller = Depends(page_caller), session: Session = DB
                        ) -> Response:
    await _check_csrf(request, caller)
    form = await request.form()
    province = hc.station_province(session, station_id, scope=caller.scope)
    resolution = str(form.get("resolution", ""))
    if resolution not in ("called", "visited", "transferred"):
        raise InvalidInput(N_("resolution %(resolution)r is not called, visited or "
                              "transferred"), code="alert_resolution", resolution=resolution)
    try:
        hc.resolve_alert(session, scope=caller.scope, province_code=province,
                         alert_id=alert_id, resolution=resolution,
                         note=str(form.get("note") or "").strip() or None)
    except Conflict as exc:
        session.rollback()
        return worklist_page(request, station_id, None, caller, session,
                             error=said(exc, lang_of(request)),
                             status=exc.http_status, typed=form)
    return RedirectResponse(f"/stations/{station_id}/worklist", status_code=303)


# --- a person ---------------------------------------------------------------------------------

def _qr_svg(url: str) -> str:
    """The link as an SVG QR code, drawn here (no network), to print for the household."""
    return segno.make(url, error="m").svg_inline(scale=4, border=2)


def _person_page(request: Request, caller: Caller, session: Session, station_id: int,
                 person_id: int, status: int = 200, **extra: Any) -> HTMLResponse:
    province = hc.person_province(session, scope=caller.scope, station_id=station_id,
                                  person_id=person_id)
    detail = hc.person_detail(session, scope=caller.scope, province_code=province,
                              person_id=person_id)
    today = hc.latest_moment(session, scope=caller.scope, station_id=station_id)
    link = extra.pop("link", None)
    return _page(request, caller, "homecare_person.html", status=status, p=detail,
                 station=hc.station_summary(session, station_id, scope=caller.scope),
                 today=today.date().isoformat(),
                 now=today.isoformat()[:16], symptoms=_symptom_choices(_gettext(request)),
                 link=str(request.base_url).rstrip("/") + link if link else None,
                 qr=_qr_svg(str(request.base_url).rstrip("/") + link) if link else None,
                 **extra)


@router.get("/stations/{station_id}/people/{person_id}", response_class=HTMLResponse)
def person_page(request: Request, station_id: DbId, person_id: DbId,
                caller: Caller = Depends(page_caller), session: Session = DB) -> HTMLResponse:
    return _person_page(request, caller, session, station_id, person_id)


async def _person_write(request: Request, caller: Caller, session: Session, station_id: int,
                        person_id: int, action) -> Response:
    await check_csrf(request, caller)
    form = await request.form()
    province = hc.person_province(session, scope=caller.scope, station_id=station_id,
                                  person_id=person_id)
    try:
        outcome = action(form, province)
    except (InvalidInput, Conflict) as exc:
        session.rollback()
        return _person_page(request, caller, session, station_id, person_id,
                            status=exc.http_status, error=said(exc, lang_of(request)), typed=form)
    if isinstance(outcome, dict):  # shown once (a new link): the page, not a redirect
        return _person_page(request, caller, session, station_id, person_id, **outcome)
    return RedirectResponse(outcome, status_code=303)


def _day(form, name: str = "date") -> date:
    return read_day(str(form.get(name) or ""), name)


@router.post("/stations/{station_id}/people/{person_id}/assess", response_class=HTMLResponse)
async def person_assess(request: Request, station_id: DbId, person_id: DbId,
                        caller: Caller = Depends(page_caller), session: Session = DB
                        ) -> Response:
    def act(form, province: int):
        data = {k: v for k, v in form.items() if k != "csrf_token"}
        for name in ("abnormal_breathing", "listed_disease", "self_care"):
            data[name] = _tristate(form, name)
        result = hc.assess(session, scope=caller.scope, province_code=province,
                           person_id=person_id, answers=_form_model(AssessmentIn, data))
        return {"assessed": result, "link": result.link}
    return await _person_write(request, caller, session, station_id, person_id, act)


@router.post("/stations/{station_id}/people/{person_id}/link", response_class=HTMLResponse)
async def person_link(request: Request, station_id: DbId, person_id: DbId,
                      caller: Caller = Depends(page_caller), session: Session = DB
                      ) -> Response:
    def act(form, province: int):
        return {"link": hc.issue_link(session, scope=caller.scope, province_code=province,
                                      person_id=person_id)}
    return await _person_write(request, caller, session, station_id, person_id, act)


@router.post("/stations/{station_id}/people/{person_id}/tests", response_class=HTMLResponse)
async def person_test(request: Request, station_id: DbId, person_id: DbId,
                      caller: Caller = Depends(page_caller), session: Session = DB
                      ) -> Response:
    def act(form, province: int):
        result = str(form.get("result", ""))
        if result not in ("negative", "positive"):
            raise InvalidInput(N_("result %(result)r is not negative or positive"),
                               code="test_result", result=result)
        hc.record_test(session, scope=caller.scope, province_code=province,
                       person_id=person_id, day=_day(form), result=result,
                       supervised=_flag(form, "supervised"))
        return f"/stations/{station_id}/people/{person_id}?saved=1"
    return await _person_write(request, caller, session, station_id, person_id, act)


@router.post("/stations/{station_id}/people/{person_id}/release", response_class=HTMLResponse)
async def person_release(request: Request, station_id: DbId, person_id: DbId,
                         caller: Caller = Depends(page_caller), session: Session = DB
                         ) -> Response:
    def act(form, province: int):
        hc.release(session, scope=caller.scope, province_code=province, person_id=person_id,
                   day=_day(form))
        return f"/stations/{station_id}/people/{person_id}/certificate"
    return await _person_write(request, caller, session, station_id, person_id, act)


@router.post("/stations/{station_id}/people/{person_id}/outcome", response_class=HTMLResponse)
async def person_outcome(request: Request, station_id: DbId, person_id: DbId,
                         caller: Caller = Depends(page_caller), session: Session = DB
                         ) -> Response:
    def act(form, province: int):
        outcome = str(form.get("outcome", ""))
        if outcome not in ("transferred", "died"):
            raise InvalidInput(N_("outcome %(given)r is not transferred or died"),
                               code="care_outcome", given=outcome)

        hc.set_outcome(session, scope=caller.scope, province_code=province,
                       person_id=person_id, day=_day(form), outcome=outcome,
                       note=str(form.get("note") or "").strip() or None)
        return f"/stations/{station_id}/people/{person_id}?saved=1"
    return await _person_write(request, caller, session, station_id, person_id, act)


@router.post("/stations/{station_id}/people/{person_id}/dispense", response_class=HTMLResponse)
async def person_dispense(request: Request, station_id: DbId, person_id: DbId,
                          caller: Caller = Depends(page_caller), session: Session = DB
                          ) -> Response:
    def act(form, province: int):
        hc.dispense(session, scope=caller.scope, province_code=province, person_id=person_id,
                    day=_day(form), package=str(form.get("package", "")),
                    doctor_order=str(form.get("doctor_order") or "").strip() or None)
        return f"/stations/{station_id}/people/{person_id}?saved=1"
    return await _person_write(request, caller, session, station_id, person_id, act)


@router.get("/stations/{station_id}/people/{person_id}/certificate",
            response_class=HTMLResponse)
def certificate_page(request: Request, station_id: DbId, person_id: DbId,
                     caller: Caller = Depends(page_caller), session: Session = DB
                     ) -> HTMLResponse:
    province = hc.person_province(session, scope=caller.scope, station_id=station_id,
                                  person_id=person_id)
    cert = hc.certificate(session, scope=caller.scope, province_code=province,
                          person_id=person_id)
    return _page(request, caller, "homecare_certificate.html", cert=cert,
                 station_id=station_id)


# --- the personal check-in page ------------------------------------------------------------------

@router.get("/c/{province_code}", response_class=HTMLResponse)
def personal_checkin(request: Request, province_code: int) -> HTMLResponse:
    """The form the household's QR code opens (/c/{province}#{token}): no name, no address,
    only the form. The token is the link's fragment, never sent to the server with the page:
    the page's script reads it, asks whether the link is valid and sends check-ins with it in
    a header. A link that is not (or no longer) valid says so, and nothing else."""
    return _page(request, None, "homecare_checkin.html",
                 post_to=f"/api/v1/public/checkins/{province_code}",
                 symptoms=_symptom_choices(_gettext(request)))


@router.get("/c/{province_code}/{token}", include_in_schema=False)
def personal_checkin_old_link(province_code: int, token: str) -> Response:
    """A link printed when the token was in the path: to the same form with the token moved to
    the fragment (the access log writes this request's path without it: web.security)."""
    return RedirectResponse(f"/c/{province_code}#{token}", status_code=303)
