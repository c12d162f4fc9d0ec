"""Server-rendered pages: sign-in, dashboard, case list and case page, import, public report.

Pages are thin: they read the form, call the same services as the API in the caller's scope,
and render a template. Every form carries the session's CSRF token.
"""

from __future__ import annotations

import hmac
import re
import shutil
import threading
from collections.abc import Callable
from datetime import date, timedelta
from datetime import date as date_type
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from episurv import dataversion, textfmt
from episurv.accounts import audit
from episurv.accounts import service as accounts
from episurv.accounts.passwords import new_secret
from episurv.accounts.scope import Scope
from episurv.cases import service as cases
from episurv.cases import vocabulary as V
from episurv.clusters import service as cluster_service
from episurv.db import session_scope
from episurv.errors import EpisurvError, InvalidInput, NotFound
from episurv.geo.units import DISTRICT, PROVINCE, WARD, register
from episurv.reporting.charts import epi_curve_spec, to_svg
from episurv.reporting.render_daily import render_text
from episurv.reporting.service import daily_report_for, parse_day
from episurv.safe_reading import Limits
from episurv.web import cache, formatting, import_jobs, navigation, refill
from episurv.web.deps import (
    DB,
    SESSION_COOKIE,
    Caller,
    Session,
    check_csrf,
    client_address,
    dashboard_caller,
    page_caller,
)
from episurv.web.i18n import DEFAULT_LANG, LANGS, N_, gettext_for, said
from episurv.web.security import is_tls, same_site_path
from episurv.web.vega import interactive

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.globals.update(nav_menu=navigation.menu, nav_current=navigation.current)
templates.env.filters.update(formatting.FILTERS)
router = APIRouter(include_in_schema=False)
LANG_COOKIE = "episurv_lang"


def lang_of(request: Request) -> str:
    lang = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
    return lang if lang in LANGS else DEFAULT_LANG


def render(request: Request, name: str, caller: Caller | None = None, status: int = 200,
           typed: Any = None, **context: Any) -> HTMLResponse:
    """The page `name` in the caller's language. With `typed` (a refused form as it was
    posted to this request's path) the form shows again what was typed in it."""
    lang = lang_of(request)
    values = refill.submitted(typed) if typed is not None else None
    response = templates.TemplateResponse(request, name, {
        "lang": lang, "langs": LANGS, "_": gettext_for(lang), "caller": caller,
        "day": lambda value: textfmt.full_date(date.fromisoformat(str(value)[:10]), lang),
        "num": lambda value: textfmt.number(int(value), lang),
        "dec": lambda value, places=1: textfmt.decimal(value, places, lang),
        "csrf": caller.csrf if caller else None,
        "typed": {k: v[0] for k, v in values.items()} if values else {}, **context},
        status_code=status)
    if values:
        response.body = refill.refill(response.body.decode(), request.url.path,
                                      values).encode()
        response.headers["content-length"] = str(len(response.body))
    _remember_lang(request, response)
    return response


def public_page(request: Request, session: Session, province_code: int, name: str,
                draw: Callable[[], HTMLResponse], *, headers: bool = True) -> Response:
    """A page the same for everyone who asks its address in a language (a public page: no
    caller, no form token), drawn by `draw` once per data version of its province and kept
    whole; sent with an ETag of that version (304 while the client holds it) and
    Cache-Control, unless `headers` is False (an address that also serves signed-in pages).
    Every write that changes what a public page reads moves its province's version
    (accounts.audit.record, cases.counts), so the next request draws afresh. Drawn on every
    request, the public map and levels pages answered 3 to 5 a second at 20 clients."""
    lang = lang_of(request)
    version = dataversion.current(session, province_code)
    key = (name, str(request.url), lang, version)
    tag = cache.etag(*key)
    if headers and (unchanged := cache.not_modified(request, tag)) is not None:
        return unchanged

    def drawn() -> tuple[int, bytes]:
        page = draw()
        return page.status_code, bytes(page.body)

    status, body = cache.derived(key, drawn)
    response = HTMLResponse(body, status_code=status,
                            headers=cache.public_headers(tag) if headers else None)
    _remember_lang(request, response)
    return response


def _remember_lang(request: Request, response: Response) -> None:
    """A language chosen by the switch (?lang=) is kept for the next pages."""
    if request.query_params.get("lang") in LANGS:
        response.set_cookie(LANG_COOKIE, lang_of(request), samesite="lax",
                            max_age=365 * 86400)


def page_day(session: Session, value: str | None, scope: Scope | None = None) -> date:
    """The day a page shows: the one asked for (a wrong one is ignored), else the latest
    reporting day in the data of the caller's province, else of all; the clock only when there
    is no data at all. Historical data and the demo read as they were on their day."""
    from episurv.reporting.daily import shown_day

    try:
        asked = parse_day(value or None)
    except EpisurvError:
        asked = None
    if asked is not None:
        return asked
    province = scope.province_code if scope is not None else None
    return shown_day(session, province)


def _home_province(scope: Scope) -> int:
    return scope.province_code or 1  # the national view opens on the capital


# --- sign-in -------------------------------------------------------------------------------

SIGNIN_COOKIE = "episurv_signin"  # the sign-in form's CSRF token, before there is a session


def _signin_page(request: Request, status: int = 200, **context: Any) -> HTMLResponse:
    """The sign-in form with a fresh CSRF token, kept in a cookie for the post to match
    (double submit: a site that cannot read our cookies cannot post a form that matches)."""
    token = new_secret(16)
    response = render(request, "signin.html", signin_csrf=token, status=status, **context)
    response.set_cookie(SIGNIN_COOKIE, token, httponly=True, samesite="strict",
                        secure=is_tls(request), max_age=3600, path="/signin")
    return response


@router.get("/signin", response_class=HTMLResponse)
def signin_form(request: Request, next: str = "/") -> HTMLResponse:
    return _signin_page(request, next=same_site_path(next))


@router.post("/signin")
async def signin(request: Request, session: Session = DB) -> Response:
    form = await request.form()
    target = same_site_path(str(form.get("next") or "/"))
    _ = gettext_for(lang_of(request))
    expected = request.cookies.get(SIGNIN_COOKIE)
    if not expected or not hmac.compare_digest(str(form.get("csrf_token", "")), expected):
        return _signin_page(request, error=_("The form has expired; sign in again."),
                            next=target, status=403)
    try:
        sid, _csrf = accounts.sign_in(session, str(form.get("email", "")),
                                      str(form.get("password", "")), client_address(request))
    except EpisurvError as exc:
        message = (_("Too many failed sign-ins; wait 15 minutes and try again.")
                   if exc.http_status == 429 else _("Wrong email or password."))
        return _signin_page(request, error=message, next=target, status=exc.http_status,
                            typed=form)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(SESSION_COOKIE, sid, httponly=True, samesite="lax",
                        secure=is_tls(request), max_age=accounts.SESSION_HOURS * 3600)
    response.delete_cookie(SIGNIN_COOKIE, path="/signin")
    return response


@router.post("/signout")
async def signout(request: Request, caller: Caller = Depends(page_caller),
                  session: Session = DB) -> Response:
    await check_csrf(request, caller)
    accounts.sign_out(session, request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/signin", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


# --- dashboard -----------------------------------------------------------------------------

@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, province: str | None = None, date: str | None = None,
              caller: Caller | None = Depends(dashboard_caller),
              session: Session = DB) -> Response:
    """The latest report of the caller's province: figures, epi curve, districts, clusters.
    Without sign-in, the public landing page."""
    if caller is None:
        from episurv.web.pages_public import landing

        return landing(request, province, session)
    lang = lang_of(request)
    reg = register()
    code = (reg.resolve(province, PROVINCE).code if province and caller.scope.is_national
            else _home_province(caller.scope))
    from episurv.config import get_settings
    from episurv.reporting.daily import latest_data_day

    # What the page derives from the data is kept under the province's data version, read
    # once: a request the cache answers reads the version and its caller's session, no more.
    version = dataversion.current(session, code)
    first = get_settings().wave_start
    last = cache.derived(("latest-day", code, version), lambda: latest_data_day(session, code))
    problem, status = None, 200
    if date:
        try:
            asked = parse_day(date)
        except EpisurvError:
            asked = None
        if asked is None or asked < first or (last is not None and asked > last):
            # Said in the page's language, and the latest day shown instead.
            _ = gettext_for(lang)
            problem = _("“%(value)s” is not a reporting day of this dashboard: pick a day from "
                        "%(first)s to %(last)s.") % {
                "value": date[:20], "first": textfmt.full_date(first, lang),
                "last": textfmt.full_date(last or first, lang)}
            date, status = None, 422
    context = cached_report_context(session, code, date, lang, version)
    provinces = sorted(u.short_name for u in reg.units(PROVINCE)) if (
        caller.scope.is_national) else []
    # Cluster names link to their page when the cluster is inside the caller's jurisdiction.
    scope = caller.scope
    cluster_ids = cache.derived(
        ("cluster-ids", code, scope.province_code, scope.district_code, scope.ward_codes,
         version), lambda: {c["name"]: c["id"] for c in cluster_service.cluster_choices(
            session, scope=scope, province_code=code)})
    shown = date_type.fromisoformat(context["report"]["date"]) if context["report"] else None
    steps = {"prev_day": shown - timedelta(days=1) if shown and shown > first else None,
             "next_day": shown + timedelta(days=1) if shown and last and shown < last else None}
    return render(request, "dashboard.html", caller, provinces=provinces, **steps,
                  first_day=first.isoformat(), last_day=(last or first).isoformat(),
                  cluster_ids=cluster_ids, error=problem, status=status, **context)


def _report_context(session: Session, province: str, day: str | None, lang: str) -> dict:
    try:
        report = daily_report_for(province, day, session)
    except NotFound:
        return {"report": None, "province": province}
    spec = epi_curve_spec(report["epi_curve"][-120:], lang)
    return {"report": report, "province": province,
            "chart_svg": interactive(spec, to_svg(spec)),
            "bulletin": render_text(report, lang)}


def cached_report_context(session: Session, code: int, day: str | None, lang: str,
                           version: object | None = None) -> dict:
    """The report, its chart and its text, drawn once per data version of the province (the
    caller may pass the version it has read already)."""
    version = version if version is not None else dataversion.current(session, code)
    return cache.derived(("daily-report", code, day, lang, version), lambda: _report_context(
        session, register().get(PROVINCE, code).short_name, day, lang))


@router.get("/public/report", response_class=HTMLResponse)
async def public_report(request: Request, province: str = "Hà Nội", date: str | None = None
                        ) -> Response:
    """The daily report of a province, for anyone: counts only, no personal data. Sent with an
    ETag of the data version: a client holding the page gets 304 until a write changes it. A
    page this process holds under the version it read less than dataversion.FRESH seconds ago
    is sent from the event loop, with no thread, connection or statement (as the report API)."""
    if (held := cache.held_version(province)) is not None:
        code, version = held
        lang = lang_of(request)
        tag = cache.etag("public-report", code, date, lang, version)
        if (unchanged := cache.not_modified(request, tag)) is not None:
            return unchanged
        body = cache.peek(("public-report-page", str(request.url), lang, version))
        if body is not None:
            response = HTMLResponse(body, headers=cache.public_headers(tag))
            _remember_lang(request, response)
            return response
    return await run_in_threadpool(_public_report_read, request, province, date)


def _public_report_read(request: Request, province: str, date: str | None) -> Response:
    code = register().resolve(province, PROVINCE).code
    cache.remember_province(province, code)
    lang = lang_of(request)
    # One unit of work in this one thread: the connection is taken and given back here.
    with session_scope(write=False) as session:
        version = dataversion.current(session, code)
        tag = cache.etag("public-report", code, date, lang, version)
        if (unchanged := cache.not_modified(request, tag)) is not None:
            return unchanged
        # The page is the same for everyone who asks the same address in the same language:
        # kept whole (its language links repeat the address).
        body = cache.derived(
            ("public-report-page", str(request.url), lang, version), lambda: render(
                request, "public_report.html", None,
                provinces=sorted(u.short_name for u in register().units(PROVINCE)),
                **cached_report_context(session, code, date, lang, version)).body)
    response = HTMLResponse(body, headers=cache.public_headers(tag))
    _remember_lang(request, response)
    return response


# --- cases ---------------------------------------------------------------------------------

def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _filters(request: Request, scope: Scope) -> tuple[cases.CaseFilter, dict]:
    q = request.query_params
    reg = register()
    province = _home_province(scope)
    district = _int_or_none(q.get("district"))
    ward = _int_or_none(q.get("ward"))
    values = {k: q.get(k, "") for k in ("date_from", "date_to", "district", "ward", "cluster",
                                         "detected_in", "outcome", "q")}
    filters = cases.CaseFilter(
        province_code=province,
        date_from=parse_day(q.get("date_from") or None, "date_from"),
        date_to=parse_day(q.get("date_to") or None, "date_to"),
        district_code=district if district and (DISTRICT, district) in reg.by_code else None,
        ward_code=ward if ward and (WARD, ward) in reg.by_code else None,
        cluster_id=_int_or_none(q.get("cluster")),
        detected_in=q.get("detected_in") if q.get("detected_in") in V.DETECTED_IN else None,
        outcome=q.get("outcome") if q.get("outcome") in V.OUTCOMES else None,
        case_id=q.get("q") or None)
    return filters, values


@router.get("/cases", response_class=HTMLResponse)
def case_list(request: Request, after: str | None = None, caller: Caller = Depends(page_caller),
              session: Session = DB) -> HTMLResponse:
    reg = register()
    try:
        filters, values = _filters(request, caller.scope)
        cursor = None
        if after:
            day, ident = after.split("_")
            cursor = (date.fromisoformat(day), int(ident))
        rows, nxt = cases.list_cases(session, scope=caller.scope, filters=filters, limit=50,
                                     after=cursor)
        error = None
    except InvalidInput as exc:  # a filter's day that writes none, said in the page's language
        rows, nxt, values, error = [], None, {}, said(exc, lang_of(request))
    except ValueError as exc:
        rows, nxt, values, error = [], None, {}, str(exc)
    province = _home_province(caller.scope)
    districts = [u for u in reg.units(DISTRICT, province)
                 if caller.scope.allows(province, u.code) or caller.scope.ward_codes]
    clusters = cluster_service.cluster_choices(session, scope=caller.scope,
                                               province_code=province)
    query = "&".join(f"{k}={v}" for k, v in values.items() if v)
    name = "case_rows.html" if request.headers.get("hx-request") else "cases.html"
    return render(request, name, caller, rows=rows, values=values, districts=districts,
                  clusters=clusters, detected=V.DETECTED_IN, outcomes=V.OUTCOMES, error=error,
                  next_after=f"{nxt[0].isoformat()}_{nxt[1]}" if nxt else None, query=query)


@router.get("/cases/export.csv")
def case_export(request: Request, caller: Caller = Depends(page_caller),
                session: Session = DB) -> Response:
    """The filtered case list as CSV, personal fields included; the export is audited."""
    import io

    from episurv.cases.export import export_cases

    filters, values = _filters(request, caller.scope)
    out = io.StringIO()
    export_cases(session, out, scope=caller.scope, filters=filters,
                 described={k: v for k, v in values.items() if v})
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": 'attachment; filename="cases.csv"'})


# Before /cases/{case_id}: "new" is no patient code.
@router.get("/cases/new", response_class=HTMLResponse)
def case_new_form(request: Request, caller: Caller = Depends(page_caller)) -> HTMLResponse:
    """An empty case form, for a case reported one at a time (by phone, on paper); a line list
    goes through the import. The caller's own province (and district) are filled in."""
    caller.scope.require_write()
    units = register()
    place = {"province": units.get(PROVINCE, caller.scope.province_code).short_name
             if caller.scope.province_code else "",
             "district": units.get(DISTRICT, caller.scope.district_code).short_name
             if caller.scope.district_code else ""}
    return _case_form(request, caller, {"case_id": "", "source": "unknown", **place}, new=True)


NEW_CASE = ("case_id", "province")  # asked of a new case only; the rest as an edit asks


@router.post("/cases/new", response_class=HTMLResponse)
async def case_new(request: Request, caller: Caller = Depends(page_caller),
                   session: Session = DB) -> Response:
    """Enter the case by the line list's rules (`cases.save_case`); a refusal shows the form
    again with what was typed and each field named in the page's language. Without a patient
    code one is given, as the import gives one."""
    await check_csrf(request, caller)
    caller.scope.require_write()
    form = await request.form()
    values = {k: (str(form[k]).strip() or None) for k in (*NEW_CASE, *EDITABLE) if k in form}
    try:
        case = cases.save_case(session, values, scope=caller.scope,
                               must_be_new=bool(values.get("case_id")))
    except EpisurvError as exc:
        session.rollback()
        typed = {k: v or "" for k, v in values.items()}
        return _case_form(request, caller, typed, error=_said_of_case(exc, lang_of(request)),
                          status=exc.http_status, new=True)
    return RedirectResponse(f"/cases/{quote(case['case_id'], safe='')}?saved=1",
                            status_code=303)


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(request: Request, case_id: str, caller: Caller = Depends(page_caller),
              session: Session = DB) -> HTMLResponse:
    case = cases.case_values(session, _read_case(session, caller, case_id))
    return _case_page(request, caller, session, case)


def _read_case(session: Session, caller: Caller, case_id: str) -> cases.Case:
    """The case a page shows with the person's name, phone and address: the read is audited
    (who opened whose record), as the API's read of one case is; the case's history lists it."""
    case = cases.get_case(session, case_id, scope=caller.scope)
    audit.record(session, caller.scope, "read", "case", case.case_id,
                 province_code=case.province_code)
    return case


def _case_page(request: Request, caller: Caller, session: Session, case: dict) -> HTMLResponse:
    """The read view: the case as it stands and its history."""
    return render(request, "case.html", caller, case=case,
                  history=audit.history(session, "case", case["case_id"]))


@router.get("/cases/{case_id}/edit", response_class=HTMLResponse)
def case_edit_form(request: Request, case_id: str, caller: Caller = Depends(page_caller),
                   session: Session = DB) -> HTMLResponse:
    caller.scope.require_write()
    case = cases.case_values(session, _read_case(session, caller, case_id))
    return _case_form(request, caller, case)


def _case_form(request: Request, caller: Caller, case: dict, error: str | None = None,
               status: int = 200, new: bool = False) -> HTMLResponse:
    """The edit page, or with `new` the page of a new case; after a refused save, with what
    was typed (`case` holds it)."""
    return render(request, "case_edit.html", caller, case=case, error=error, status=status,
                  new=new, detected=V.DETECTED_IN, sources=V.SOURCES, outcomes=V.OUTCOMES,
                  severities=V.SEVERITIES)


def _said_of_case(exc: EpisurvError, lang: str) -> str:
    """A refused edit in the page's language: each field the line-list rules refused named as
    the form labels it, with the value typed ("Tuổi '150': ..."), never the API's English."""
    found = getattr(exc, "found", None)
    if not found:
        return said(exc, lang)
    _ = gettext_for(lang)
    return "; ".join(f"{formatting.label_of(p.column, _)} {p.shown!r}: {said(p, lang)}"
                     if p.shown else f"{formatting.label_of(p.column, _)}: {said(p, lang)}"
                     for p in found)


EDITABLE = ("report_date", "report_time", "district", "ward", "detected_in", "source", "cluster",
            "age", "sex", "onset_date", "sample_date", "vaccine_doses", "severity", "outcome",
            "outcome_date", "name", "phone", "address")


@router.post("/cases/{case_id}", response_class=HTMLResponse)
async def case_edit(request: Request, case_id: str, caller: Caller = Depends(page_caller),
                    session: Session = DB) -> Response:
    await check_csrf(request, caller)
    form = await request.form()
    changes = {k: (str(form[k]).strip() or None) for k in EDITABLE if k in form}
    version = _int_or_none(str(form.get("version", "")))
    try:
        cases.patch_case(session, case_id, changes, scope=caller.scope,
                         expected_version=version)
    except EpisurvError as exc:
        session.rollback()
        current = cases.case_values(session, cases.get_case(session, case_id,
                                                            scope=caller.scope))
        shown = {**current, **{k: v for k, v in changes.items()}, "version": current["version"]}
        if exc.http_status == 409:
            shown = current  # a stale edit shows the newer record, never merges silently
        return _case_form(request, caller, shown, error=_said_of_case(exc, lang_of(request)),
                          status=exc.http_status)
    return RedirectResponse(f"/cases/{case_id}?saved=1", status_code=303)


# --- import --------------------------------------------------------------------------------

def _run_import(job_id: str, path: Path, scope: Scope, rejects: Path, lang: str) -> None:
    """The job's thread: it waits for the import, which runs in a process of its own, and
    records what it learns where every worker reads it (web/import_jobs.py)."""
    from episurv.cases.import_process import ImportFailed, import_in_child

    def progress(done: int, total: int) -> None:
        import_jobs.update(job_id, done=done, total=total)

    try:
        result = import_in_child(path, scope=scope, rejects=rejects, progress=progress,
                                 lang=lang)
        import_jobs.update(job_id, state="done", result=result)
    except ImportFailed as exc:  # kept whole: each page that shows it says it in its language
        import_jobs.update(job_id, state="failed", error=exc)
    except Exception as exc:  # noqa: BLE001 - a job must end, and say so, whatever happened
        import_jobs.update(job_id, state="failed", error=ImportFailed(
            N_("the import could not be started (%(error)s); nothing was imported"),
            code="import_not_started", error=type(exc).__name__))
    finally:
        path.unlink(missing_ok=True)


@router.get("/import", response_class=HTMLResponse)
def import_form(request: Request, caller: Caller = Depends(page_caller)) -> HTMLResponse:
    return render(request, "import.html", caller)


@router.post("/import", response_class=HTMLResponse)
async def import_upload(request: Request, caller: Caller = Depends(page_caller)) -> Response:
    await check_csrf(request, caller)
    caller.scope.require_write()
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        _ = gettext_for(lang_of(request))
        return render(request, "import.html", caller, error=_("Choose a CSV or XLSX file."),
                      status=422)
    # The name a browser sends is not a path of ours ("..", "/etc/x"): keep only a safe form of
    # it, for messages, with its type.
    shown = re.sub(r"[^\w.\- ]", "_", Path(upload.filename).name).strip(". ") or "upload"
    job_id, workdir = import_jobs.start(caller.scope.actor, shown)
    path = workdir / shown
    # Copied to disk a piece at a time: the server never holds a whole upload in memory.
    limit = Limits().file_bytes
    written = 0
    with path.open("wb") as out:
        while chunk := await upload.read(1 << 20):
            written += len(chunk)
            if written > limit:
                out.close()
                shutil.rmtree(workdir, ignore_errors=True)
                _ = gettext_for(lang_of(request))
                return render(request, "import.html", caller, status=413, error=_(
                    "The file is larger than %(mb)s MB: split it, or import it with the "
                    "command line.") % {"mb": limit >> 20})
            out.write(chunk)
    # The rejected rows' reasons are written in the language of the page the file came from.
    threading.Thread(target=_run_import, args=(job_id, path, caller.scope,
                                                workdir / "rejected-rows.csv",
                                                lang_of(request)),
                     daemon=True).start()
    return RedirectResponse(f"/import/{job_id}", status_code=303)


def _job(job_id: str, caller: Caller) -> dict:
    job = import_jobs.read(job_id)
    if job is None or job["owner"] != caller.scope.actor:
        raise NotFound(N_("no such import"), code="no_import")
    return job


@router.get("/import/{job_id}", response_class=HTMLResponse)
def import_status(request: Request, job_id: str,
                  caller: Caller = Depends(page_caller)) -> HTMLResponse:
    job = _job(job_id, caller)
    name = "import_status.html" if request.headers.get("hx-request") else "import_job.html"
    failure = said(job["error"], lang_of(request)) if job.get("error") else None
    return render(request, name, caller, job=job, job_id=job_id, failure=failure)



@router.get("/import/{job_id}/rejected-rows.csv")
def import_rejects(job_id: str, caller: Caller = Depends(page_caller),
                   session: Session = DB) -> FileResponse:
    job = _job(job_id, caller)
    audit.record(session, caller.scope, "export", "import-rejects", job_id,
                 changes={"file": job["file"]})
    return FileResponse(job["rejects"], media_type="text/csv", filename="rejected-rows.csv")
