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
           "title_cases": "Số ca mắc trong 7 ngày (chưa có dân số)",
           "cases": "Số ca 7 ngày", "rate": "Trên 100.000 dân", "population": "Dân số",
           "no_rate": "chưa có dân số"},
    "en": {"title": "Cases per 100,000 people in 7 days", "unit": "Unit",
           "title_cases": "Cases in 7 days (no population loaded)",
           "cases": "Cases in 7 days", "rate": "Per 100,000", "population": "Population",
           "no_rate": "no population"},
}
COLOR_SCHEME = "orangered"
NO_DATA = "#d9dde5"
SCHEMA = "https://vega.github.io/schema/vega-lite/v6.4.1.json"
LABELLED_TILES = 60  # up to this many units (a city's districts) the tiles carry names


def _config(locale: dict) -> dict:
    return {"view": {"stroke": None}, "locale": locale}


def _tooltip(t: dict) -> list[dict]:
    return [{"field": "name", "type": "nominal", "title": t["unit"]},
            {"field": "cases", "type": "quantitative", "title": t["cases"], "format": ",d"},
            {"field": "rate_text", "type": "nominal", "title": t["rate"]}]


def _measure(units: list[dict]) -> str:
    """The rate when some unit has a population; else the count (ward population not imported
    yet), so the map still shows where the cases are."""
    return "rate" if any(u["rate"] is not None for u in units) else "cases"


def _color(t: dict, measure: str, prefix: str = "") -> dict:
    field = prefix + measure
    return {"condition": {"test": f"datum.{field} == null", "value": NO_DATA},
            "field": field, "type": "quantitative", "title": t[measure],
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
        "$schema": SCHEMA, "title": {"text": _title(t, units), "anchor": "start"},
        "width": width, "height": height,
        "data": {"values": features},
        "projection": {"type": "mercator"},
        "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.8},
        "encoding": {
            "color": _color(t, _measure(units), "properties."),
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
    if len(units) > LABELLED_TILES:
        tile = 18  # hundreds of wards: small tiles, names in the tooltip only
    layers: list[dict] = [{"mark": {"type": "rect", "stroke": "#ffffff", "strokeWidth": 2,
                                    "cornerRadius": 3},
                           "encoding": {"color": _color(t, _measure(units)),
                                        "tooltip": _tooltip(t)}}]
    if len(units) <= LABELLED_TILES:
        layers.append(
            {"mark": {"type": "text", "fontSize": 9, "baseline": "middle"},
             "encoding": {"text": {"field": "label"}, "tooltip": _tooltip(t),
                          "color": {"condition": {"test": f"datum.{_measure(units)} > 0 && "
                                                  f"datum.{_measure(units)} >= "
                                                  f"{_dark_from(rows, _measure(units))}",
                                                  "value": "#ffffff"},
                                    "value": "#1d2330"}}})
    return {
        "$schema": SCHEMA, "title": {"text": _title(t, units), "anchor": "start"},
        # A grid keeps its tiles square: the page must not stretch it to its width.
        "usermeta": {"fixed_size": True},
        "width": columns * tile, "height": n_rows * tile,
        "data": {"values": rows},
        "encoding": {"x": {"field": "col", "type": "ordinal", **axis},
                     "y": {"field": "row", "type": "ordinal", **axis}},
        "layer": layers,
        "config": _config(locale),
    }


def _title(t: dict, units: list[dict]) -> str:
    return t["title"] if _measure(units) == "rate" else t["title_cases"]


def _dark_from(rows: list[dict], measure: str) -> float:
    """Labels turn white on the darker half of the colour scale."""
    rates = [r[measure] for r in rows if r[measure] is not None]
    return round(max(rates) / 2, 3) if rates else 1e9
