"""Vega-Lite specs of a choropleth: the units' outlines coloured by cases per 100,000 in 7
days (the figure of criterion 1 of the epidemic levels, 4800/QĐ-BYT of 12/10/2021), or, when no
boundary file was imported, a grid of equal tiles in the order of the unit codes (central
districts first), so the same figures are still a map to scan.

Pure: rows of plain values in, a spec out. Units without a population have no rate: they are
drawn grey and say so, never zero.
"""

from __future__ import annotations

import math

from episurv.textfmt import check_lang

LABELS = {
    "vi": {"title": "Số ca mắc trên 100.000 dân trong 7 ngày", "unit": "Đơn vị",
           "cases": "Số ca 7 ngày", "rate": "Trên 100.000 dân", "population": "Dân số",
           "no_rate": "chưa có dân số"},
    "en": {"title": "Cases per 100,000 people in 7 days", "unit": "Unit",
           "cases": "Cases in 7 days", "rate": "Per 100,000", "population": "Population",
           "no_rate": "no population"},
}
COLOR_SCHEME = "orangered"
NO_DATA = "#d9dde5"
SCHEMA = "https://vega.github.io/schema/vega-lite/v6.4.1.json"


def _config(locale: dict) -> dict:
    return {"view": {"stroke": None}, "locale": locale}


def _tooltip(t: dict) -> list[dict]:
    return [{"field": "name", "type": "nominal", "title": t["unit"]},
            {"field": "cases", "type": "quantitative", "title": t["cases"], "format": ",d"},
            {"field": "rate_text", "type": "nominal", "title": t["rate"]}]


def _color(t: dict, field: str = "rate") -> dict:
    return {"condition": {"test": f"datum.{field} == null", "value": NO_DATA},
            "field": field, "type": "quantitative", "title": t["rate"],
            "scale": {"scheme": COLOR_SCHEME, "domainMin": 0},
            "legend": {"orient": "bottom", "direction": "horizontal", "gradientLength": 220}}


def _row(unit: dict, lang: str, t: dict) -> dict:
    rate = unit["rate"]
    text = t["no_rate"] if rate is None else (
        f"{rate:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".") if lang == "vi"
        else f"{rate:,.1f}")
    return {"code": unit["code"], "name": unit["name"], "cases": unit["cases"], "rate": rate,
            "rate_text": text}


def choropleth_spec(units: list[dict], shapes: dict[int, dict], locale: dict,
                    lang: str = "vi", width: int = 640, height: int = 520) -> dict:
    """Units ({code, name, cases, rate}) with an outline in `shapes` (code -> GeoJSON
    geometry) as a geoshape map; units without an outline are left out of the map."""
    check_lang(lang)
    t = LABELS[lang]
    features = [{"type": "Feature", "geometry": shapes[u["code"]],
                 "properties": _row(u, lang, t)} for u in units if u["code"] in shapes]
    return {
        "$schema": SCHEMA, "title": {"text": t["title"], "anchor": "start"},
        "width": width, "height": height,
        "data": {"values": features},
        "projection": {"type": "mercator"},
        "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.8},
        "encoding": {
            "color": _color(t, "properties.rate"),
            "tooltip": [dict(x, field=f"properties.{x['field']}") for x in _tooltip(t)]},
        "config": _config(locale),
    }


def tile_spec(units: list[dict], locale: dict, lang: str = "vi", tile: int = 56) -> dict:
    """The same figures as a grid of tiles, one per unit in code order, labelled."""
    check_lang(lang)
    t = LABELS[lang]
    columns = max(1, math.ceil(math.sqrt(len(units) * 1.5)))
    rows = []
    for i, unit in enumerate(units):
        row = _row(unit, lang, t)
        row["col"], row["row"] = i % columns, i // columns
        row["label"] = unit["name"] if len(unit["name"]) <= 9 else unit["name"][:8] + "…"
        rows.append(row)
    n_rows = max(1, math.ceil(len(units) / columns))
    axis = {"axis": None}
    return {
        "$schema": SCHEMA, "title": {"text": t["title"], "anchor": "start"},
        "width": columns * tile, "height": n_rows * tile,
        "data": {"values": rows},
        "encoding": {"x": {"field": "col", "type": "ordinal", **axis},
                     "y": {"field": "row", "type": "ordinal", **axis}},
        "layer": [
            {"mark": {"type": "rect", "stroke": "#ffffff", "strokeWidth": 2,
                      "cornerRadius": 3},
             "encoding": {"color": _color(t), "tooltip": _tooltip(t)}},
            {"mark": {"type": "text", "fontSize": 9, "baseline": "middle"},
             "encoding": {"text": {"field": "label"}, "tooltip": _tooltip(t),
                          "color": {"condition": {"test": "datum.rate > 0 && datum.rate >= "
                                                  f"{_dark_from(rows)}", "value": "#ffffff"},
                                    "value": "#1d2330"}}},
        ],
        "config": _config(locale),
    }


def _dark_from(rows: list[dict]) -> float:
    """Labels turn white on the darker half of the colour scale."""
    rates = [r["rate"] for r in rows if r["rate"] is not None]
    return round(max(rates) / 2, 3) if rates else 1e9
