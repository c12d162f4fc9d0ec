"""Drawing a Vega-Lite spec to SVG or PNG with vl-convert: what the chart renderer process runs
(reporting.charts). A module of its own so that the renderer, a process started by `spawn`,
imports vl-convert and nothing else to unpickle what it is sent (reporting.charts would bring
altair with it: a quarter of a second of processor time at each start of a server worker's
renderer)."""

from __future__ import annotations

import vl_convert as vlc

# What the renderer draws first, to start its JavaScript engine before a page needs it.
WARM_UP = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json",
           "data": {"values": [{"x": 0}]}, "mark": "point", "encoding": {"x": {"field": "x"}}}


def draw_svg(spec: dict, version: str | None) -> str:
    return vlc.vegalite_to_svg(spec, vl_version=version, allowed_base_urls=[])


def draw_png(spec: dict, version: str | None, scale: float) -> bytes:
    return vlc.vegalite_to_png(spec, vl_version=version, scale=scale, allowed_base_urls=[])
