"""Review of a published bulletin: paste or upload it, see the text with the spans the parser
understood highlighted next to the structured reading, correct a field, confirm to store.

Thin: the reading, the corrections and the store are `episurv.bulletins` (review, service);
the store form sends the text again, and the server reads it again (a reading is never taken
from the browser).
"""

from __future__ import annotations

import re
from datetime import date

from babel.numbers import format_decimal
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from episurv import textfmt
from episurv.bulletins import service as bulletins
from episurv.bulletins.check_details import DETAILS
from episurv.bulletins.review import fixable, highlight
from episurv.core.limits import BULLETIN_BYTES_MAX
from episurv.errors import EpisurvError, InvalidInput, TooLarge
from episurv.web.deps import DB, Caller, Session, check_csrf, page_caller
from episurv.web.i18n import N_, gettext_for, said
from episurv.web.pages import lang_of, render

router = APIRouter(include_in_schema=False)
FIX_PREFIX = "fix:"
# Scalar fields shown in the reading, in this order, when the bulletin states them.
SHOWN = ("kind", "date", "new_cases", "community", "quarantine", "domestic", "imported",
         "deaths", "recovered", "recovered_total", "severe", "avg7_cases", "avg7_deaths",
         "total_deaths", "cfr", "tests_samples", "tests_people", "hotline")


# What the review page calls each field of a reading, and each check (the reader's names are
# keys for the API, not words for a page).
FIELD_LABELS = {
    "kind": N_("Kind of bulletin"), "date": N_("Date"), "new_cases": N_("New cases"),
    "community": N_("In the community"), "quarantine": N_("In quarantine or lockdown"),
    "domestic": N_("Domestic"), "imported": N_("Imported"), "deaths": N_("Deaths"),
    "recovered": N_("Recovered"), "recovered_total": N_("Recovered in all"),
    "severe": N_("Severe cases under treatment"), "avg7_cases": N_("7-day average of cases"),
    "avg7_deaths": N_("7-day average of deaths"), "total_deaths": N_("Deaths in all"),
    "cfr": N_("Case fatality rate (%)"), "tests_samples": N_("Samples tested"),
    "tests_people": N_("People tested"), "hotline": N_("Hotline"),
    "by_unit": N_("New cases by unit"), "community_by_unit": N_("Community cases by unit"),
    "deaths_by_unit": N_("Deaths by unit"),
}
KIND_LABELS = {"city_daily": N_("a city's daily report"),
               "national_daily": N_("the national daily report"),
               "moh_timeline": N_("the ministry's timeline")}
CHECK_LABELS = {
    "community_plus_quarantine": N_("community + quarantine = new cases"),
    "by_unit_sum": N_("the units add up to the total"),
    "community_by_unit_sum": N_("the units' community cases add up to the community figure"),
    "quarantine_by_unit_sum": N_("the units' quarantine cases add up to the quarantine figure"),
    "timeline_line_sum": N_("each timeline line adds up"),
    "patient_codes_count": N_("the patients' numbers agree with the count of cases"),
    "mobile_stations_sum": N_("the mobile stations add up"),
    "dates_exist": N_("the dates exist in the calendar"),
    "date_found": N_("the bulletin's date was found"),
    "by_cluster_vs_total": N_("the clusters' and other sources' cases add up to the day's total"),
    "by_source_vs_total": N_("the cases by source agree with the total"),
    "top_by_unit_within": N_("the places with the most cases are within the day's figures"),
    "severe_support_within": N_("the patients on breathing support are within the severe ones"),
    "old_clusters_listed": N_("the clusters still developing are all listed"),
    "cluster_first_date_valid": N_("each cluster's first date is a real date"),
    "cluster_first_date_not_after_bulletin": N_("no cluster starts after the bulletin"),
    "cluster_total_covers_today": N_("each cluster's total covers its new cases"),
    "new_clusters_in_running_list": N_("the new clusters are in the running list"),
    "new_clusters_dates": N_("the new clusters have their dates"),
    "record_not_below_today": N_("the record day is not below today"),
    "cumulative_split": N_("the cumulative figures add up"),
    "cumulative_covers_today": N_("the cumulative total covers today"),
    "domestic_plus_imported": N_("domestic + imported = new cases"),
    "domestic_within_total": N_("domestic cases are within the total"),
    "quarantine_plus_investigation": N_("quarantine + community = domestic"),
    "deaths_by_unit_sum": N_("the deaths by unit add up to the deaths"),
    "provinces_listed": N_("every province counted is listed"),
    "cfr": N_("the case fatality rate agrees with its figures"),
    "figures_read": N_("every sentence with figures was read"),
    "cluster_first_date_stable": N_("each cluster keeps its first date"),
    "cluster_total_never_falls": N_("no cluster's total falls"),
    "cumulative_grows_by_new_cases": N_("the cumulative total grows by the new cases"),
    "cumulative_never_falls": N_("the cumulative total never falls"),
    "doses_split": N_("the vaccine doses add up"),
    "no_secondary_listed": N_("no secondary figure is listed as a case count"),
    "top_units_listed": N_("the units with most cases are listed"),
    "top_units_within_wave": N_("the units with most cases are within the wave's total"),
    "wave_recovered_within_total": N_("the wave's recoveries are within the total"),
    "wave_within_cumulative": N_("the wave's total is within the cumulative total"),
}
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
STATED_TOTAL = N_("the list adds up to the figure its sentence states")


def check_label(name: str, _) -> str:
    """A check as the review page says it, in the page's language."""
    if name in CHECK_LABELS:
        return _(CHECK_LABELS[name])
    if name.endswith("_stated_total"):
        return f"{_(STATED_TOTAL)} ({_(field_label(name.removesuffix('_stated_total')))})"
    return name


def check_detail(check: dict, lang: str) -> str | None:
    """What a check found, in the page's language with its values written that way (None for
    a reading stored before checks had a code: the page then shows its English sentence)."""
    template = DETAILS.get(check.get("code") or "")
    if template is None:
        return None
    _ = gettext_for(lang)
    return _(template) % {k: _value(k, v, _, lang) for k, v in (check.get("params") or {}).items()}


def _value(key: str, value: object, _, lang: str) -> str:
    if key == "field":
        return _(field_label(str(value)))
    if isinstance(value, list):
        return ", ".join(_value("", v, _, lang) for v in value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return textfmt.number(value, lang)
    if isinstance(value, float):
        return format_decimal(value, locale=lang)
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        return textfmt.full_date(date.fromisoformat(value), lang)
    return str(value)


def _said(exc: Exception, request: Request) -> str:
    """An error in the page's language, the checks it names by their labels."""
    lang = lang_of(request)
    _ = gettext_for(lang)
    return said(exc, lang, lambda name, value: check_label(str(value), _)
                if name == "checks" and not isinstance(value, list) else None)


def field_label(path: str) -> str:
    """The label of a reading's field or list item ("by_unit.3" -> "New cases by unit")."""
    return FIELD_LABELS.get(path.split(".")[0], path)


def _year(value: object) -> int:
    text = str(value or "2021").strip()
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        raise InvalidInput(f"year {text!r} is not a year")
    return int(text)


def _review_page(request: Request, caller: Caller, text: str, year: int,
                 corrections: dict | None = None, error: str | None = None,
                 status: int = 200) -> HTMLResponse:
    result = bulletins.review_text(text, year, corrections)
    fixes = [(path, (field_label(path), label.partition(": ")[2]), value)
             for path, label, value in fixable(result)]
    return render(request, "bulletin_review.html", caller, status=status, result=result,
                  text=text, year=year, segments=highlight(result["text"], result["spans"]),
                  fixes=fixes, shown=[k for k in SHOWN if result.get(k) is not None],
                  error=error, field_label=field_label, kind_labels=KIND_LABELS,
                  check_label=lambda name: check_label(name, gettext_for(lang_of(request))),
                  check_detail=lambda c: check_detail(c, lang_of(request)))


@router.get("/bulletins/review", response_class=HTMLResponse)
def review_form(request: Request, caller: Caller = Depends(page_caller)) -> HTMLResponse:
    return render(request, "bulletin_paste.html", caller, year=2021)


@router.post("/bulletins/review", response_class=HTMLResponse)
async def review(request: Request, caller: Caller = Depends(page_caller)) -> Response:
    """Read a pasted or uploaded bulletin and show the reading for review."""
    await check_csrf(request, caller)
    form = await request.form()
    _ = gettext_for(lang_of(request))
    text = str(form.get("text") or "")
    upload = form.get("file")
    try:
        year = _year(form.get("year"))
        if isinstance(upload, UploadFile) and upload.filename:
            raw = await upload.read(BULLETIN_BYTES_MAX + 1)
            if len(raw) > BULLETIN_BYTES_MAX:
                raise TooLarge(_("The file is larger than a bulletin can be (1 MB)."))
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise InvalidInput(_("The file is not UTF-8 text.")) from None
        if not text.strip():
            raise InvalidInput(_("Paste a bulletin or choose a text file."))
        return _review_page(request, caller, text, year)
    except EpisurvError as exc:
        return render(request, "bulletin_paste.html", caller, year=form.get("year") or 2021,
                      text=text, error=_said(exc, request), status=exc.http_status)


@router.post("/bulletins/store", response_class=HTMLResponse)
async def store(request: Request, caller: Caller = Depends(page_caller),
                session: Session = DB) -> Response:
    """Store the reviewed reading: the corrections typed in, and the confirmation."""
    await check_csrf(request, caller)
    form = await request.form()
    text = str(form.get("text") or "")
    year = _year(form.get("year"))
    corrections = {k[len(FIX_PREFIX):]: str(v) for k, v in form.multi_items()
                   if k.startswith(FIX_PREFIX)}
    confirm = form.get("confirm") == "yes"
    try:
        stored = bulletins.store_bulletin(session, scope=caller.scope, text=text, year=year,
                                          corrections=corrections, confirm=confirm)
    except EpisurvError as exc:
        session.rollback()
        try:
            return _review_page(request, caller, text, year, corrections, error=_said(exc, request),
                                status=exc.http_status)
        except EpisurvError:  # the correction itself is wrong: show the reading as read
            return _review_page(request, caller, text, year, None, error=_said(exc, request),
                                status=exc.http_status)
    _ = gettext_for(lang_of(request))
    return render(request, "bulletin_stored.html", caller, stored=stored,
                  field_label=field_label, check_label=lambda name: check_label(name, _))
