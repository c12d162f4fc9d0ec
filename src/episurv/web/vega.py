"""Charts on pages: the SVG the server draws (what prints, and what a browser without script
shows), carrying the Vega-Lite spec it was drawn from, so static/js/charts.js can redraw it
next to it with vega-embed (tooltips, zoom, width of the page) and hide it. One spec, two
renderings: the PNG/SVG exports and the interactive chart cannot disagree."""

from __future__ import annotations

import json

from markupsafe import Markup, escape


def interactive(spec: dict, svg: str) -> Markup:
    """`svg` (our own rendering of `spec`, from numbers and our labels, so safe unescaped)
    with the spec as an attribute of its root element, escaped. The page keeps the SVG as it
    was: a test or a reader finds the same `<svg` where it was."""
    start = svg.find("<svg")
    if start < 0:
        return Markup(svg)
    attribute = f' data-vega-spec="{escape(json.dumps(spec, separators=(",", ":")))}"'
    return Markup(svg[:start + 4] + attribute + svg[start + 4:])
