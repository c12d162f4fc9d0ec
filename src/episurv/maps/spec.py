"""Vega-Lite specs of a choropleth: the units' outlines coloured by cases per 100,000 in 7
days (the figure of criterion 1 of the epidemic levels, 4800/QĐ-BYT of 12/10/2021) or by the
epidemic level itself (the four colours of Resolution 128/NQ-CP), or, when no boundary file was
imported, a grid of equal tiles in the order of the unit codes (central districts first), so
the same figures are still a map to scan.

Pure: rows of plain values in, a spec out. Units without a population have no rate: they are
drawn grey and say so, never zero.
"""

from __future__ import annotations

import math
from functools import cache

from episurv.core.i18n import N_
from episurv.levels.policy import HEX
from episurv.textfmt import check_lang, in_marks, translator

# The maps' words, in English; each other language's are in the "reports" catalog.
LABELS = {"title": N_("Cases per 100,000 people in 7 days"), "unit": N_("Unit"),
          "title_cases": N_("Cases in 7 days (no population loaded)"),
          "cases": N_("Cases in 7 days"), "rate": N_("Per 100,000"),
          "population": N_("Population"), "no_rate": N_("no population"),
          "level_title": N_("Epidemic level"), "level": N_("Level")}
LEVEL_NAMES = {1: N_("Level 1 – low risk"), 2: N_("Level 2 – medium risk"),
               3: N_("Level 3 – high risk"), 4: N_("Level 4 – very high risk"),
               None: N_("Not assessable")}


@cache
def labels(lang: str) -> dict:
    """The maps' words in `lang`; "levels": the name of each level and of none."""
    t = translator(lang)
    out: dict = {key: t.gettext(text) for key, text in LABELS.items()}
    out["levels"] = {level: t.gettext(text) for level, text in LEVEL_NAMES.items()}
    return out


COLOR_SCHEME = "orangered"
NO_DATA = "#d9dde5"
SCHEMA = "https://vega.github.io/schema/vega-lite/v6.4.1.json"
LABELLED_TILES = 60  # up to this many units (a city's districts) the tiles carry names


def _config(locale: dict) -> dict:
    return {"view": {"stroke": None}, "locale": locale}


LAYERS = ("rate", "level")
# Text on a tile of each level stays readable (as levels.css does for the grid).
LIGHT_TEXT_LEVELS = (1, 4)


def _tooltip(t: dict, layer: str = "rate") -> list[dict]:
    out = [{"field": "name", "type": "nominal", "title": t["unit"]},
           {"field": "cases", "type": "quantitative", "title": t["cases"], "format": ",d"},
           {"field": "rate_text", "type": "nominal", "title": t["rate"]}]
    if layer == "level":
        out.insert(1, {"field": "level_text", "type": "nominal", "title": t["level"]})
    return out


def _level_color(t: dict, prefix: str = "") -> dict:
    """The four colours of the levels and grey for a unit not assessable, with their names in
    the legend."""
    keys = (1, 2, 3, 4, None)
    return {"field": prefix + "level_text", "type": "nominal", "title": t["level_title"],
            "scale": {"domain": [t["levels"][k] for k in keys],
                      "range": [HEX[k] if k else NO_DATA for k in keys]},
            "legend": {"orient": "bottom", "direction": "horizontal", "columns": 2}}


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
        in_marks(f"{rate:,.1f}", lang))
    row = {"code": unit["code"], "name": unit["name"], "cases": unit["cases"], "rate": rate,
           "rate_text": text}
    if "level" in unit:
        row["level"] = unit["level"]
        row["level_text"] = t["levels"][unit["level"]]
    return row


def _check_layer(layer: str) -> None:
    if layer not in LAYERS:
        raise ValueError(f"layer {layer!r}: one of {', '.join(LAYERS)}")


def choropleth_spec(units: list[dict], shapes: dict[int, dict], locale: dict,
                    lang: str = "vi", width: int = 640, height: int = 520,
                    layer: str = "rate") -> dict:
    """Units ({code, name, cases, rate}, and level for the level layer) with an outline in
    `shapes` (code -> GeoJSON geometry) as a geoshape map coloured by the rate or by the
    level; units without an outline are left out of the map."""
    check_lang(lang)
    _check_layer(layer)
    t = labels(lang)
    features = [{"type": "Feature", "geometry": shapes[u["code"]],
                 "properties": _row(u, lang, t)} for u in units if u["code"] in shapes]
    return {
        "$schema": SCHEMA, "title": {"text": _title(t, units, layer), "anchor": "start"},
        "width": width, "height": height,
        "data": {"values": features},
        "projection": {"type": "mercator"},
        "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.8},
        "encoding": {
            "color": _level_color(t, "properties.") if layer == "level"
            else _color(t, _measure(units), "properties."),
            "tooltip": [dict(x, field=f"properties.{x['field']}")
                        for x in _tooltip(t, layer)]},
        "config": _config(locale),
    }


def tile_spec(units: list[dict], locale: dict, lang: str = "vi", tile: int = 56,
              layer: str = "rate") -> dict:
    """The same figures as a grid of tiles, one per unit in code order, labelled, coloured by
    the rate or by the level."""
    check_lang(lang)
    _check_layer(layer)
    t = labels(lang)
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
    tooltip = _tooltip(t, layer)
    layers: list[dict] = [{"mark": {"type": "rect", "stroke": "#ffffff", "strokeWidth": 2,
                                    "cornerRadius": 3},
                           "encoding": {"color": _level_color(t) if layer == "level"
                                        else _color(t, _measure(units)),
                                        "tooltip": tooltip}}]
    if layer == "level":
        light = " || ".join(f"datum.level == {n}" for n in LIGHT_TEXT_LEVELS)
    else:
        light = (f"datum.{_measure(units)} > 0 && datum.{_measure(units)} >= "
                 f"{_dark_from(rows, _measure(units))}")
    if len(units) <= LABELLED_TILES:
        layers.append(
            {"mark": {"type": "text", "fontSize": 9, "baseline": "middle"},
             "encoding": {"text": {"field": "label"}, "tooltip": tooltip,
                          "color": {"condition": {"test": light, "value": "#ffffff"},
                                    "value": "#1d2330"}}})
    return {
        "$schema": SCHEMA, "title": {"text": _title(t, units, layer), "anchor": "start"},
        # A grid keeps its tiles square: the page must not stretch it to its width.
        "usermeta": {"fixed_size": True},
        "width": columns * tile, "height": n_rows * tile,
        "data": {"values": rows},
        "encoding": {"x": {"field": "col", "type": "ordinal", **axis},
                     "y": {"field": "row", "type": "ordinal", **axis}},
        "layer": layers,
        "config": _config(locale),
    }


def _title(t: dict, units: list[dict], layer: str = "rate") -> str:
    if layer == "level":
        return t["level_title"]
    return t["title"] if _measure(units) == "rate" else t["title_cases"]


def _dark_from(rows: list[dict], measure: str) -> float:
    """Labels turn white on the darker half of the colour scale."""
    rates = [r[measure] for r in rows if r[measure] is not None]
    return round(max(rates) / 2, 3) if rates else 1e9
