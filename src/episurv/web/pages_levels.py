"""Public pages of the epidemic levels (issue 13):

- `/public/levels`: the levels of a province's wards (or districts, or the province) for the
  week ending on a day, grouped by district as coloured grids, with filters by district and
  level; where unit boundaries were imported (`episurv import boundaries`), a map of the
  levels above the grid.
- `/public/levels/{unit}/{code}`: one unit's level with every criterion, its decision if any,
  the chart of its weekly history and its changes up and down.
- `/levels/{unit}/{code}` (signed in): the same page with the form by which a CDC sets the
  unit's level by decision, and lifts one (the levels service checks the jurisdiction and
  writes the audit entry).

Levels are published for everyone and hold counts only: no sign-in. Who made a decision is not
shown (staff are not published); its level, dates, reason and reference are.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date as Date
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from episurv.accounts.scope import PUBLIC
from episurv.core.days import NO_SUCH_DAY, NOT_A_DATE, read_day
from episurv.errors import InvalidInput
from episurv.geo.units import DISTRICT, PROVINCE, WARD, Unit, register
from episurv.levels import service
from episurv.levels.inputs import enter_capacity as enter_capacity_values
from episurv.levels.policy import THRESHOLD_NAMES
from episurv.maps.service import outlines
from episurv.maps.spec import choropleth_spec
from episurv.reporting.charts import chart_locale, to_svg
from episurv.reporting.charts_levels import level_history_spec
from episurv.reporting.daily import latest_data_day
from episurv.web.deps import DB, Caller, Session, check_csrf, page_caller
from episurv.web.i18n import N_, gettext_for, said
from episurv.web.pages import lang_of, public_page, render
from episurv.web.vega import interactive

router = APIRouter(include_in_schema=False)


def _day(session: Session, value: str | None, province_code: int) -> Date | None:
    """The day asked for (`?date=`, any form a day is written in), else the latest day of the
    province's data; a date that writes no day is refused naming it, in the page's language,
    rather than a week the reader did not ask for shown."""
    return read_day(value) if value else latest_data_day(session, province_code)


def _form_day(form, name: str) -> Date | None:
    """A date field of the decision form: None when left empty (core.days.read_day)."""
    value = str(form.get(name) or "").strip()
    return read_day(value, name) if value else None


@router.get("/public/levels", response_class=HTMLResponse)
def public_levels(request: Request, province: str = "Hà Nội", date: str | None = None,
                  unit: str = WARD, district: str | None = None, level: str | None = None,
                  session: Session = DB) -> Response:
    """A province's levels for a week, as its steering committee publishes them; drawn once
    per data version of the province (`public_page`)."""
    prov = register().resolve(province, PROVINCE)
    return public_page(request, session, prov.code, "public-levels", lambda: _public_levels(
        request, session, prov, date, unit, district, level))


def _public_levels(request: Request, session: Session, prov: Unit, date: str | None, unit: str,
                   district: str | None, level: str | None) -> HTMLResponse:
    reg = register()
    service.check_unit_level(unit)
    districts = sorted(reg.units(DISTRICT, prov.code), key=lambda u: u.code)
    district_code = reg.resolve(district, DISTRICT, prov.code).code if district else None
    wanted = None
    if level:
        if level not in ("1", "2", "3", "4", "none"):
            raise InvalidInput(N_("level %(level)r: one of 1, 2, 3, 4, none"),
                               code="level_filter", level=level)
        wanted = None if level == "none" else int(level)
    day = _day(session, date, prov.code)
    context = dict(province=prov.short_name, provinces=sorted(
        u.short_name for u in reg.units(PROVINCE)), districts=districts, unit=unit,
        district=district or "", level=level or "", result=None, groups=[],
        threshold_names=THRESHOLD_NAMES)
    if day is None:
        return render(request, "public_levels.html", None, **context)
    result = service.assess_week(session, scope=PUBLIC, province_code=prov.code, day=day,
                                 unit=unit, district_code=district_code, lang=lang_of(request))
    units = [u for u in result.units if not level or u["level"] == wanted]
    groups: dict[str, list] = defaultdict(list)
    for u in units:
        groups[u["parent_name"] if unit == WARD else prov.name].append(u)
    return render(request, "public_levels.html", None, **{
        **context, "result": result, "groups": list(groups.items()), "shown": len(units),
        "map": _level_map(request, session, prov.code, unit, units)})


def _level_map(request: Request, session: Session, province_code: int, unit: str,
               units: list) -> Markup | None:
    """The units shown, coloured by level on their imported outlines (None without them)."""
    shapes = outlines(session, province_code=province_code, level=unit)
    if not shapes:
        return None
    lang = lang_of(request)
    rows = [{"code": u["code"], "name": u["name"], "cases": u["cases"] or 0,
             "rate": u["rate_per_100k"], "level": u["level"]} for u in units]
    spec = choropleth_spec(rows, shapes, chart_locale(lang), lang, layer="level")
    return interactive(spec, to_svg(spec))


# The capacity form's fields (4800/QĐ-BYT's treatment capacity; the columns of `episurv levels
# capacity`) and the messages of the checks it shares with the file import, for translation.
CAPACITY_LABELS = {
    "date": N_("Date of the figures"),
    "oxygen_at_station": N_("Oxygen at every health station"),
    "mobile_station_plan": N_("Plan for mobile medical stations"),
    "free_beds_per_100k": N_("Free COVID-19 beds per 100,000"),
    "icu_beds": N_("ICU beds"),
}
CAPACITY_MESSAGES = (N_("give the date"), NOT_A_DATE, NO_SUCH_DAY,
                     N_("not a number"), N_("out of range"), N_("not a whole number"),
                     N_("not yes/no (có/không, 1/0)"), N_("give at least one figure"))


def _unit_page(request: Request, session: Session, unit: str, code: int, date: str | None,
               weeks: int, caller: Caller | None, error: str | None = None,
               status: int = 200, typed: Any = None,
               capacity_typed: dict[str, str] | None = None,
               capacity_errors: dict[str, str] | None = None) -> HTMLResponse:
    service.check_unit_level(unit)
    if not 1 <= weeks <= 104:
        raise InvalidInput(N_("weeks %(weeks)s: between 1 and 104"), code="level_page_weeks",
                           weeks=weeks)
    info = register().get(unit, code)
    day = _day(session, date, info.province_code)
    if day is None:
        raise InvalidInput(N_("no cases in the register yet: no week to assess"),
                           code="no_week_to_assess")

    history = service.unit_history(session, scope=PUBLIC, unit=unit, code=code, day=day,
                                   weeks=weeks, lang=lang_of(request))
    spec = level_history_spec([{"date": w.week_end.isoformat(), "level": w.level,
                                "decided": w.decided} for w in history.weeks], lang_of(request))
    # Our own SVG, from numbers and our labels only: safe unescaped.
    chart = Markup(to_svg(spec))
    can_decide = bool(caller and service.may_write(caller.scope, unit, code))
    return render(request, "public_level_unit.html", caller, status=status, typed=typed,
                  history=history,
                  u=history.current, chart=chart, error=error,
                  province=register().get(PROVINCE, info.province_code).short_name,
                  day_iso=day.isoformat(), can_decide=can_decide,
                  capacity=service.capacity_entries(session, unit=unit, code=code)
                  if can_decide else [],
                  capacity_labels=CAPACITY_LABELS,
                  capacity_typed=capacity_typed or {"date": day.isoformat()},
                  capacity_errors=capacity_errors or {})


@router.get("/public/levels/{unit}/{code}", response_class=HTMLResponse)
def public_unit_level(request: Request, unit: str, code: int, date: str | None = None,
                      weeks: int = 26, session: Session = DB) -> HTMLResponse:
    """One unit's level, criteria, decision and weekly history."""
    return _unit_page(request, session, unit, code, date, weeks, None)


@router.get("/levels/{unit}/{code}", response_class=HTMLResponse)
def unit_level(request: Request, unit: str, code: int, date: str | None = None,
               weeks: int = 26, caller: Caller = Depends(page_caller),
               session: Session = DB) -> HTMLResponse:
    """The unit page for staff: with the decision form where the caller may decide."""
    return _unit_page(request, session, unit, code, date, weeks, caller)


@router.post("/levels/{unit}/{code}", response_class=HTMLResponse)
async def decide(request: Request, unit: str, code: int, caller: Caller = Depends(page_caller),
                 session: Session = DB) -> Response:
    """Set (or lift) the unit's level by decision; the page again, or its error."""
    await check_csrf(request, caller)
    form = await request.form()
    date = str(form.get("date") or "") or None
    try:
        if form.get("lift"):
            last = _form_day(form, "last_day")
            if last is None:
                raise InvalidInput(N_("last day: give the last day the decision applies"),
                                   code="level_last_day_missing")
            service.lift_decision(session, scope=caller.scope,
                                  decision_id=int(str(form.get("lift"))), last_day=last)
        else:
            start = _form_day(form, "valid_from")
            level = str(form.get("level") or "")
            if start is None or level not in ("1", "2", "3", "4"):
                raise InvalidInput(N_("give the level (1-4) and the first day it applies"),
                                   code="level_or_start_missing")

            service.set_decision(session, scope=caller.scope, unit=unit, code=code,
                                 level=int(level), valid_from=start,
                                 valid_to=_form_day(form, "valid_to"),
                                 reason=str(form.get("reason") or ""),
                                 reference=str(form.get("reference") or "") or None)
    except InvalidInput as exc:
        session.rollback()
        return _unit_page(request, session, unit, code, date, 26, caller,
                          error=said(exc, lang_of(request)),
                          status=422, typed=form)
    return RedirectResponse(f"/levels/{unit}/{code}" + (f"?date={date}" if date else ""),
                            status_code=303)


@router.post("/levels/{unit}/{code}/capacity", response_class=HTMLResponse)
async def enter_capacity(request: Request, unit: str, code: int,
                         caller: Caller = Depends(page_caller),
                         session: Session = DB) -> Response:
    """Enter the unit's treatment capacity as of a date (audited); a wrong field is named on
    the page again with what was typed, and nothing is saved."""
    await check_csrf(request, caller)
    form = {k: str(v) for k, v in (await request.form()).items()}
    typed = {f: form.get(f, "") for f in CAPACITY_LABELS}
    try:
        saved = enter_capacity_values(session, scope=caller.scope, unit=unit, code=code,
                                      values=typed)
    except InvalidInput as exc:
        session.rollback()
        if not exc.problems:
            raise
        _ = gettext_for(lang_of(request))
        # A message with values (a day no calendar has) is said from its template.
        errors = {p["field"]: (_(p["template"]) % p["params"] if "template" in p
                               else _(p["message"]))
                  + (f" ({p['value']})" if p["value"] else "")
                  for p in exc.problems}
        return _unit_page(request, session, unit, code, form.get("week") or None, 26, caller,
                          status=422, capacity_typed=typed, capacity_errors=errors)
    week = form.get("week") or ""
    return RedirectResponse(f"/levels/{unit}/{code}?capacity={saved['as_of']}"
                            + (f"&date={week}" if week else "") + "#capacity",
                            status_code=303)
