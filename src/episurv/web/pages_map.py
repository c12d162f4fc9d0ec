"""The map page: cases per 100,000 in 7 days, or the epidemic level, by district or ward, for
anyone (counts and levels only), drawn from the imported boundaries or as a grid of tiles when
none are loaded."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from episurv.accounts.scope import PUBLIC
from episurv.errors import NotFound
from episurv.geo.units import DISTRICT, PROVINCE, WARD, register
from episurv.maps.service import incidence_map
from episurv.maps.spec import LAYERS, choropleth_spec, tile_spec
from episurv.reporting.charts import chart_locale, to_svg
from episurv.reporting.service import parse_day
from episurv.textfmt import decimal
from episurv.web.deps import DB, Session
from episurv.web.pages import lang_of, public_page, render
from episurv.web.vega import interactive

router = APIRouter(include_in_schema=False)
TOP = 15  # units listed under the map, highest rate first


@router.get("/public/map", response_class=HTMLResponse)
def map_page(request: Request, province: str = "Hà Nội", level: str = DISTRICT,
             date: str | None = None, layer: str = "rate",
             session: Session = DB) -> Response:
    """Drawn once per data version of the province (`public_page`)."""
    unit = register().resolve(province, PROVINCE)
    return public_page(request, session, unit.code, "public-map", lambda: _map(
        request, session, unit.short_name, level, date, layer))


def _map(request: Request, session: Session, name: str, level: str, date: str | None,
         layer: str) -> HTMLResponse:
    lang = lang_of(request)
    level = level if level in (DISTRICT, WARD) else DISTRICT
    layer = layer if layer in LAYERS else "rate"
    try:
        data = incidence_map(session, scope=PUBLIC, province=name, level=level,
                             day=parse_day(date), with_levels=layer == "level")
    except NotFound:
        return render(request, "map.html", None, data=None, province=name, level=level,
                      layer=layer)
    locale = chart_locale(lang)
    shapes = data["shapes"]
    spec = (choropleth_spec(data["units"], shapes, locale, lang, layer=layer) if shapes
            else tile_spec(data["units"], locale, lang, layer=layer))
    if layer == "level":
        ranked = sorted(data["units"], key=lambda u: (-(u["level"] or 0), -(u["rate"] or -1),
                                                      -u["cases"], u["name"]))
    else:
        ranked = sorted(data["units"], key=lambda u: (-(u["rate"] or -1), -u["cases"],
                                                      u["name"]))
    return render(request, "map.html", None, data=data, province=name, level=level,
                  layer=layer, chart=interactive(spec, to_svg(spec)), tiles=not shapes,
                  top=ranked[:TOP], rate=lambda x: decimal(x, 1, lang))
