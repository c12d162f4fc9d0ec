"""Server-rendered pages."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from episurv.errors import NotFound
from episurv.reporting.charts import epi_curve_spec, to_svg
from episurv.reporting.render_daily import render_text
from episurv.reporting.service import daily_report_for
from episurv.web.i18n import LANGS, labels

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
router = APIRouter()


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def dashboard(request: Request, province: str = "Hà Nội", date: str | None = None,
              lang: str = Query("vi", pattern="^(vi|en)$")) -> HTMLResponse:
    """The latest report of a province: headline figures, epi curve, districts, clusters."""
    try:
        report = daily_report_for(province, date)
    except NotFound:
        report = None
    context = {"report": report, "lang": lang, "langs": LANGS, "t": labels(lang),
               "province": province}
    if report:
        context["chart_svg"] = to_svg(epi_curve_spec(report["epi_curve"][-120:], lang))
        context["bulletin"] = render_text(report, lang)
    return templates.TemplateResponse(request, "dashboard.html", context)
