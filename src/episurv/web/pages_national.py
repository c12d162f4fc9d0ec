"""Pages of the national situation report and the analytics behind it (issue 5):

- `/national` (signed in) and `/public/national` (anyone): the national report of a day, as
  now or as of a past moment, with its bulletin text, headline figures, charts and the table by
  province. The report holds counts only and the ministry published it, so it is public.
- `/figures`: a province or district submits or corrects its daily figures (the aggregates
  service checks the jurisdiction and writes the audit entry), with the values in force and
  their history.
- `/analytics`: a province's epi curve by report date and, as a separate chart, by onset date;
  Rt with its interval (Cori); weekly cases per 100,000.
- `/analytics/chart/{name}.svg|png` and `/public/national/chart/{name}.svg|png`: each chart as an
  image made without a browser (vl-convert).

Pages are thin: they read the query or form, call the services, and render.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from functools import lru_cache
from urllib.parse import urlencode

import numpy as np
import polars as pl
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from episurv import dataversion
from episurv.accounts.scope import PUBLIC, Scope
from episurv.aggregates import service as aggregates
from episurv.aggregates.importer import parse_count
from episurv.aggregates.rules import MEASURES, STORED
from episurv.aggregates.rules import problems as rule_problems
from episurv.aggregates.series import default_until, province_days, rt_from_db
from episurv.analytics.rates import weekly_per_100k
from episurv.analytics.smoothing import trailing_mean
from episurv.cases import service as cases
from episurv.config import get_settings
from episurv.core.days import typed_day, unread_day
from episurv.core.time import LOCAL
from episurv.errors import InvalidInput
from episurv.geo import census2019
from episurv.geo.service import populations
from episurv.geo.units import DISTRICT, PROVINCE, register
from episurv.messages import written_when
from episurv.reporting.charts import to_svg
from episurv.reporting.charts_analytics import (
    INCOMPLETE_DAYS,
    onset_curve_spec,
    report_curve_spec,
    weekly_rate_spec,
)
from episurv.reporting.charts_national import cases_by_province_spec, deaths_spec, rt_spec, to_png
from episurv.reporting.daily import onset_curve
from episurv.reporting.national import national_report, parse_moment
from episurv.reporting.render_national import province_name, render_text
from episurv.reporting.service import parse_day as parse_date
from episurv.textfmt import decimal, number
from episurv.web import cache
from episurv.web.deps import DB, Caller, Session, check_csrf, page_caller
from episurv.web.i18n import N_, gettext_for
from episurv.web.pages import lang_of, page_day, render
from episurv.web.vega import interactive

router = APIRouter(include_in_schema=False)


MEASURE_LABELS = {
    "new_cases": N_("New cases"), "community": N_("Community (under investigation)"),
    "quarantine": N_("Quarantine or lockdown"), "imported": N_("Imported cases"),
    "domestic": N_("Domestic"), "deaths": N_("Deaths"), "recovered": N_("Recovered"),
    "severe": N_("Severe, under treatment"), "tests_samples": N_("Test samples"),
    "tests_people": N_("People tested"), "doses": N_("Vaccine doses"),
    "first_doses": N_("First doses"), "second_doses": N_("Second doses"),
}
STATUS_LABELS = {"in force": N_("in force"), "replaced": N_("replaced")}


# --- charts as images ---------------------------------------------------------------------

@lru_cache(maxsize=64)
def _svg(spec_json: str) -> str:
    return to_svg(json.loads(spec_json))


@lru_cache(maxsize=16)
def _png(spec_json: str) -> bytes:
    return to_png(json.loads(spec_json))


def svg(spec: dict) -> Markup:
    """The chart inline: our own SVG, from numbers and our labels only, so safe unescaped.
    Rendering takes a few hundred ms; the same spec is rendered once (pages are re-read)."""
    return interactive(spec, _svg(json.dumps(spec, sort_keys=True)))


def image(spec: dict, fmt: str, filename: str) -> Response:
    key = json.dumps(spec, sort_keys=True)
    headers = {"Content-Disposition": f'attachment; filename="{filename}.{fmt}"'}
    if fmt == "png":
        return Response(_png(key), media_type="image/png", headers=headers)
    if fmt == "svg":
        return Response(_svg(key), media_type="image/svg+xml", headers=headers)
    raise InvalidInput(f"format {fmt!r}: one of svg, png")


def _moment(value: object) -> datetime:
    # SQLite hands back timestamps as naive text; they were written in UTC.
    when = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return aggregates.utc(when)


def _local(moment: object, lang: str) -> str:
    """A stored moment in local time (UTC+7), to the minute, as `lang` writes it (vi
    "8/11/2021 14:05", en "8 Nov 2021 14:05"), like every other moment the pages show."""
    return written_when(_moment(moment), lang)


def _fmt(lang: str):
    def fmt(x: float | int | None, places: int = 0) -> str:
        if x is None or (isinstance(x, float) and np.isnan(x)):
            return "—"
        return number(int(x), lang) if places == 0 else decimal(x, places, lang)
    return fmt


# --- the national report ------------------------------------------------------------------

def _national_specs(report: dict, lang: str) -> dict[str, dict]:
    curve = report["epi_curve"]
    specs = {"epi_curve": report_curve_spec(curve, lang)}
    # No death figure received (a city's line list alone): an empty frame says nothing and its
    # chart has no extent to draw; the page says so in words instead.
    if any(r["deaths"] is not None for r in curve):
        specs["deaths"] = deaths_spec(curve, lang)
    if report["by_province"]:
        specs["cases_by_province"] = cases_by_province_spec(
            [{**e, "province": province_name(e, lang)} for e in report["by_province"]], lang)
    if report["rt"]["series"]:
        specs["rt"] = rt_spec(report["rt"]["series"], lang)
    return specs


def _version(session: Session, scope: Scope, day: date, moment: datetime | None,
             lang: str) -> dict:
    """Which version of the figures a report shows: the latest submission (and case entered) it
    includes, and the moments the figures of its day changed, newest first."""
    latest, changes = aggregates.submission_moments(session, scope=scope, day=day, until=moment)
    latest_case = cases.latest_entry(session, scope=scope,
                                     until=aggregates.utc(moment) if moment else None)
    found = [v for v in (latest, latest_case) if v is not None]
    return {"latest": _local(max(_moment(v) for v in found), lang) if found else None,
            # Linked by the exact moment: a minute would miss a change made within it.
            "changes": [{"shown": _local(v, lang), "as_of": _moment(v).isoformat()}
                        for v in changes]}


def _national_page(request: Request, session: Session, caller: Caller | None, date: str | None,
                   as_of: str | None) -> HTMLResponse:
    lang = lang_of(request)
    moment = parse_moment(as_of)
    try:
        day = parse_date(date) or default_until(session)
    except InvalidInput:
        return render(request, "national.html", caller, report=None, public=caller is None)
    version = dataversion.current(session)
    tag = cache.etag("national", day, as_of, lang, version)
    if caller is None and (unchanged := cache.not_modified(request, tag)) is not None:
        return unchanged

    def draw() -> tuple[dict, dict, str]:
        # The national report holds no personal data: every scope reads the same one.
        report = national_report(session, scope=PUBLIC, day=day, as_of=moment)
        charts = {name: svg(spec) for name, spec in _national_specs(report, lang).items()}
        return report, charts, render_text(report, lang)

    report, charts, bulletin = cache.derived(("national", day, moment, lang, version), draw)
    query = {"date": report["date"], "lang": lang, **({"as_of": as_of} if moment else {})}
    response = render(request, "national.html", caller, report=report, charts=charts,
                      bulletin=bulletin, fmt=_fmt(lang), public=caller is None,
                      version=_version(session, caller.scope if caller else PUBLIC, day, moment,
                                       lang),
                      as_of_value=moment.astimezone(LOCAL).strftime("%Y-%m-%dT%H:%M")
                      if moment else "", as_of_shown=_local(moment, lang) if moment else None,
                      chart_query=urlencode(query),
                      names={e["province_code"]: province_name(e, lang)
                             for e in report["by_province"]})
    if caller is None:
        response.headers.update(cache.public_headers(tag))
    return response


@router.get("/national", response_class=HTMLResponse)
def national_page(request: Request, date: str | None = None, as_of: str | None = None,
                  caller: Caller = Depends(page_caller),
                  session: Session = DB) -> HTMLResponse:
    """The national report of a day (default the latest), as now or as of a past moment."""
    return _national_page(request, session, caller, date, as_of)


@router.get("/public/national", response_class=HTMLResponse)
def public_national_page(request: Request, date: str | None = None, as_of: str | None = None,
                         session: Session = DB) -> HTMLResponse:
    """The same report for anyone: the ministry published it, and it holds counts only."""
    return _national_page(request, session, None, date, as_of)


@router.get("/public/national/chart/{name}.{fmt}")
def national_chart(request: Request, name: str, fmt: str, date: str | None = None,
                   as_of: str | None = None,
                   session: Session = DB) -> Response:
    """One chart of the national report as SVG or PNG."""
    day = parse_date(date) or default_until(session)
    moment, lang = parse_moment(as_of), lang_of(request)
    specs = cache.derived(
        ("national-specs", day, moment, lang, dataversion.current(session)),
        lambda: _national_specs(national_report(session, scope=PUBLIC, day=day, as_of=moment),
                                lang))
    if name not in specs:
        raise _no_such_chart(name, specs)
    return image(specs[name], fmt, f"national-{name}-{day.isoformat()}")


def _no_such_chart(name: str, specs: dict) -> InvalidInput:
    """A chart the page does not draw (one with no figure received, such as deaths, or a
    mistyped name), said in the reader's language with the charts there are."""
    return InvalidInput(N_("no chart %(name)r here: the charts are %(charts)s"),
                        code="no_such_chart", name=name, charts=", ".join(specs))


# --- submitting figures -------------------------------------------------------------------

def _today() -> date:
    return datetime.now(LOCAL).date()  # reporting days are local days (Asia/Ho_Chi_Minh)


def _unit_choices(scope: Scope, province: int | None) -> tuple[int, list, list]:
    """The province shown (the caller's own unless national), the provinces and districts the
    caller may choose from."""
    reg = register()
    if scope.is_national:
        code = province if province and (PROVINCE, province) in reg.by_code else 1
        provinces = sorted(reg.units(PROVINCE), key=lambda u: u.short_name)
    else:
        code = scope.province_code or 1
        provinces = [reg.get(PROVINCE, code)]
    districts = [u for u in reg.units(DISTRICT, code)
                 if scope.district_code is None or u.code == scope.district_code]
    return code, provinces, districts


def _district(scope: Scope, province: int, district: int | None) -> int:
    reg = register()
    if scope.district_code is not None:
        return scope.district_code
    if district and (DISTRICT, district) in reg.by_code and any(
            u.code == district for u in reg.units(DISTRICT, province)):
        return district
    return 0


def _figures_page(request: Request, caller: Caller, session: Session, day: date,
                  province: int | None, district: int | None, *,
                  typed: dict[str, str] | None = None, errors: dict[str, str] | None = None,
                  note: str = "", status: int = 200) -> HTMLResponse:
    code, provinces, districts = _unit_choices(caller.scope, province)
    dcode = _district(caller.scope, code, district)
    allowed = caller.scope.allows(code, dcode or None) and not caller.scope.ward_codes
    in_force, history, submitted = None, [], {}
    if allowed:
        rows = aggregates.list_figures(session, scope=caller.scope, province_code=code,
                                       district_code=dcode or None, since=day, until=day,
                                       districts=bool(dcode))
        in_force = rows[0] if rows else None
        history = aggregates.history(session, scope=caller.scope, province_code=code,
                                     district_code=dcode, day=day)
        submitted = {h["measure"]: h["value"] for h in history if h["status"] == "in force"}
    values = typed if typed is not None else {m: str(submitted.get(m, "")) for m in MEASURES}
    for h in history:
        h["at"] = _local(h["submitted_at"], lang_of(request))
    return render(request, "figures.html", caller, status=status, day_iso=day.isoformat(),
                  province=code, district=dcode, provinces=provinces, districts=districts,
                  allowed=allowed, can_write=allowed and caller.scope.can_write,
                  measures=MEASURES, stored=STORED, labels=MEASURE_LABELS,
                  status_labels=STATUS_LABELS, values=values, errors=errors or {}, note=note,
                  in_force=in_force, submitted=submitted, history=list(reversed(history)),
                  unit=aggregates.unit_name(code, dcode), fmt=_fmt(lang_of(request)))


def _int(value: object) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None


@router.get("/figures", response_class=HTMLResponse)
def figures_form(request: Request, date: str | None = None, province: str | None = None,
                 district: str | None = None, caller: Caller = Depends(page_caller),
                 session: Session = DB) -> HTMLResponse:
    """The day's figures of the caller's unit: the form, the values in force, their history."""
    return _figures_page(request, caller, session, page_day(session, date, caller.scope),
                         _int(province), _int(district))


def _problems(form: dict[str, str], lang: str) -> tuple[dict[str, int | None], dict[str, str]]:
    """The figures of the form, and a message per field that is wrong (none: all good)."""
    _ = gettext_for(lang)
    values: dict[str, int | None] = {}
    errors: dict[str, str] = {}
    for m in MEASURES:
        try:
            values[m] = parse_count(form.get(m))
        except ValueError:
            errors[m] = _("Enter a whole number, 0 or more (not %(value)s).") % {
                "value": form.get(m, "").strip()}
    if errors:
        return values, errors
    for m, message in rule_problems(values):
        total = message.rsplit("= ", 1)[-1]
        if message.startswith("is not"):
            errors[m] = _("Must equal community + quarantine + imported (%(n)s).") % {"n": total}
        else:
            errors[m] = _("Cannot be less than the sum of its parts given (%(n)s).") % {
                "n": total}
    return values, errors


@router.post("/figures", response_class=HTMLResponse)
async def figures_submit(request: Request, caller: Caller = Depends(page_caller),
                         session: Session = DB) -> Response:
    """Submit or correct the day's figures. Bad input names the field and changes nothing; a
    unit outside the caller's jurisdiction is refused (403) by the aggregates service."""
    await check_csrf(request, caller)
    caller.scope.require_write()
    form = {k: str(v) for k, v in (await request.form()).items()}
    lang = lang_of(request)
    _ = gettext_for(lang)
    province, district = _int(form.get("province")), _int(form.get("district")) or 0
    if province is None or (PROVINCE, province) not in register().by_code:
        raise InvalidInput(f"province {form.get('province')!r} is not a province code")
    if district and not any(u.code == district for u in register().units(DISTRICT, province)):
        raise InvalidInput(f"district {district} is not a district of province {province}")
    # The jurisdiction first: a unit outside it is refused whatever the figures say.
    aggregates.check_scope(caller.scope, province, district)
    values, errors = _problems(form, lang)
    # The day as every date field reads it (core.days: "7/11/2021", "7 tháng 11 năm 2021", ISO);
    # one that writes none is refused beside the field, saying why (unread_day).
    typed = form.get("date", "").strip()
    day = typed_day(typed)
    if day is None:
        day = _today()
        template, params = unread_day(typed)
        errors["date"] = _(template) % params
    else:
        if day > _today():
            errors["date"] = _("The date is in the future.")
    figures = [aggregates.Figure(province, district, day, m, v) for m, v in values.items()
               if v is not None]
    if not errors and not figures:
        errors["new_cases"] = _("Enter at least one figure.")
    note = form.get("note", "").strip()[:300]
    if errors:
        return _figures_page(request, caller, session, day, province, district,
                             typed={m: form.get(m, "") for m in MEASURES}, errors=errors,
                             note=note, status=422)
    counts = aggregates.submit(session, figures, scope=caller.scope, source="form",
                               note=note or None)
    return RedirectResponse(
        f"/figures?date={day.isoformat()}&province={province}&district={district}"
        f"&new={counts['new']}&corrected={counts['corrected']}"
        f"&unchanged={counts['unchanged']}", status_code=303)


# --- analytics ----------------------------------------------------------------------------

SHOWN_DAYS = 120  # days drawn on the analytics charts

def _analytics(session: Session, scope: Scope, code: int, day: date, lang: str) -> dict:
    """Everything the analytics page shows for a province, up to `day`."""
    settings = get_settings()
    since = settings.wave_start
    reg = register()
    name = reg.get(PROVINCE, code).short_name
    days = province_days(session, until=day, province_code=code).filter(
        pl.col("date") >= since)
    by_day = {r["date"]: r for r in days.iter_rows(named=True)}
    n = (day - since).days + 1
    calendar = [since + timedelta(days=i) for i in range(max(n, 0))]
    # A day without a figure counts as 0, as in the national report.
    community = np.array([float(by_day.get(d, {}).get("community") or 0) for d in calendar])
    quarantine = np.array([float(by_day.get(d, {}).get("quarantine") or 0) for d in calendar])
    domestic = np.array([float(by_day.get(d, {}).get("domestic") or 0) for d in calendar])
    report_curve = [{"date": d.isoformat(), "community": int(c), "quarantine": int(q)}
                    for d, c, q in zip(calendar, community, quarantine, strict=True)]
    population = populations(session, PROVINCE, [code]).get(code) or (
        census2019.PROVINCES.get(code, ("", 0))[1] or None)
    weekly, weekly_c = ((weekly_per_100k(domestic, population),
                         weekly_per_100k(community, population)) if population
                        else (np.full(n, np.nan), np.full(n, np.nan)))
    weekly_rows = [{"date": d.isoformat(),
                    "domestic": None if np.isnan(w) else float(w),
                    "community": None if np.isnan(c) else float(c)}
                   for d, w, c in zip(calendar, weekly, weekly_c, strict=True)]
    onset = onset_curve(session, code, day, settings)
    rt = rt_from_db(session, scope=scope, until=day, province=name, by="province",
                    since=since).filter(pl.col("mean").is_not_null())
    rt_series = [{"date": r["date"].isoformat(), "mean": r["mean"], "q025": r["q025"],
                  "q975": r["q975"]} for r in rt.iter_rows(named=True)]
    avg = trailing_mean(domestic)
    # Computed over the whole wave, drawn over its last months (as the dashboard's curve).
    shown = (day - timedelta(days=SHOWN_DAYS - 1)).isoformat()
    specs = {"report_date": report_curve_spec([r for r in report_curve if r["date"] >= shown],
                                              lang),
             "weekly": weekly_rate_spec([r for r in weekly_rows if r["date"] >= shown], lang)}
    if onset["curve"]:
        specs["onset_date"] = onset_curve_spec(onset["curve"], day, lang)
    rt_shown = [r for r in rt_series if r["date"] >= shown]
    if rt_shown:
        specs["rt"] = rt_spec(rt_shown, lang)
    return {"province": name, "province_code": code, "date": day.isoformat(),
            "population": population, "specs": specs, "onset": onset,
            "onset_total": sum(r["cases"] for r in onset["curve"]),
            "incomplete_days": INCOMPLETE_DAYS,
            "latest": {"domestic": int(domestic[-1]) if n else 0,
                       "avg7": float(avg[-1]) if n and not np.isnan(avg[-1]) else None,
                       "weekly": weekly_rows[-1]["domestic"] if n else None,
                       "weekly_community": weekly_rows[-1]["community"] if n else None,
                       "rt": rt_series[-1] if rt_series else None}}


def _analytics_province(scope: Scope, province: str | None) -> int:
    if province and scope.is_national:
        return register().resolve(province, PROVINCE).code
    return scope.province_code or 1  # the national view opens on the capital


def _analytics_drawn(session: Session, scope: Scope, code: int, day: date,
                     lang: str) -> tuple[dict, dict[str, Markup]]:
    """The analytics of a province with its charts drawn, kept under the province's data
    version: drawn on every request (Rt, the curves, four charts), the page took 0.8 s and 20
    users opening it queued for seconds."""
    def draw() -> tuple[dict, dict[str, Markup]]:
        data = _analytics(session, scope, code, day, lang)
        return data, {k: svg(v) for k, v in data["specs"].items()}

    return cache.derived(("analytics", code, day, lang, dataversion.current(session, code)),
                         draw)


@router.get("/analytics", response_class=HTMLResponse)
def analytics_page(request: Request, province: str | None = None, date: str | None = None,
                   caller: Caller = Depends(page_caller),
                   session: Session = DB) -> HTMLResponse:
    """A province's curves by report date and by onset date, Rt, weekly cases per 100,000."""
    lang = lang_of(request)
    code = _analytics_province(caller.scope, province)
    provinces = sorted(u.short_name for u in register().units(PROVINCE)) if (
        caller.scope.is_national) else []
    try:
        day = parse_date(date or None) or default_until(session)
    except InvalidInput:
        return render(request, "analytics.html", caller, data=None, provinces=provinces,
                      province=register().get(PROVINCE, code).short_name)
    data, charts = _analytics_drawn(session, caller.scope, code, day, lang)
    query = urlencode({"province": data["province"], "date": day.isoformat(), "lang": lang})
    return render(request, "analytics.html", caller, data=data, charts=charts, query=query,
                  provinces=provinces, province=data["province"], fmt=_fmt(lang))


@router.get("/analytics/chart/{name}.{fmt}")
def analytics_chart(request: Request, name: str, fmt: str, province: str | None = None,
                    date: str | None = None, caller: Caller = Depends(page_caller),
                    session: Session = DB) -> Response:
    """One chart of the analytics page as SVG or PNG (vl-convert, no browser)."""
    code = _analytics_province(caller.scope, province)
    day = parse_date(date or None) or default_until(session)
    specs = _analytics_drawn(session, caller.scope, code, day, lang_of(request))[0]["specs"]
    if name not in specs:
        raise _no_such_chart(name, specs)
    return image(specs[name], fmt, f"{name}-{code}-{day.isoformat()}")
