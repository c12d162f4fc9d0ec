"""The public landing page: what a resident opens first. The city's figures of its latest
reporting day (never the machine's clock) with the change against the day before, the latest
exposure notices, the hotline, links to the public pages and the staff sign-in. Counts and
places only: no personal data."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from episurv import dataversion
from episurv.errors import NotFound
from episurv.exposures.service import hotline, public_exposures
from episurv.geo.units import PROVINCE, Unit, register
from episurv.reporting.service import daily_report_for
from episurv.web import cache
from episurv.web.deps import DB, Session

router = APIRouter(include_in_schema=False)

LATEST_NOTICES = 8  # the newest notices shown; the notices page has them all
NOTICE_DAYS = 14  # an exposure older than an incubation period no longer calls for action


def _figures(report: dict) -> dict:
    """Headline figures of the report's day, the day before and the last seven days."""
    curve = report["epi_curve"]
    totals = [c["community"] + c["quarantine"] for c in curve]
    previous = totals[-2] if len(totals) >= 2 else None
    return {"new_cases": report["new_cases"], "community": report["community"],
            "quarantine": report["quarantine"],
            "previous": previous,
            "week": sum(totals[-7:]), "cumulative": report["cumulative"]}


def _latest_report(session: Session, name: str) -> dict | None:
    try:
        return daily_report_for(name, None, session)
    except NotFound:
        return None


def landing(request: Request, province: str | None, session: Session) -> Response:
    """Drawn once per data version of the province (`public_page`). Sent with the public
    validators under /public only: `/` is also a signed-in user's dashboard."""
    from episurv.web.pages import public_page

    unit = register().resolve(province or "Hà Nội", PROVINCE)
    return public_page(request, session, unit.code, "landing", lambda: _landing(
        request, unit, session), headers=request.url.path.startswith("/public"))


def _landing(request: Request, unit: Unit, session: Session) -> HTMLResponse:
    from episurv.web.pages import lang_of, render

    name = unit.short_name
    lang = lang_of(request)
    # Drawn once per data version of the province, like the dashboard's report.
    version = dataversion.current(session, unit.code)
    report = cache.derived(("latest-report", unit.code, version),
                           lambda: _latest_report(session, name))
    notices: list[dict] = []
    if report is not None:
        last = date.fromisoformat(report["date"])
        found = public_exposures(session, province=name, lang=lang, today=last,
                                 since=last - timedelta(days=NOTICE_DAYS - 1), until=last)
        notices = sorted(found["notices"], key=lambda n: (n["date"], n["start"] or ""),
                         reverse=True)[:LATEST_NOTICES]
    return render(request, "landing.html", None, province=name, report=report,
                  figures=_figures(report) if report else None, notices=notices,
                  hotline=hotline())


@router.get("/public", response_class=HTMLResponse)
def public_home(request: Request, province: str | None = None,
                session: Session = DB) -> Response:
    """The landing page under its public address (a signed-in user's `/` is the dashboard)."""
    return landing(request, province, session)
