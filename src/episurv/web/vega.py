"""Charts on pages: the SVG the server draws (what prints, and what a browser without script
shows), carrying the Vega-Lite spec it was drawn from, so static/js/charts.js can redraw it
in place with vega-embed (tooltips, zoom, width of the page). One spec, two renderings: the
PNG/SVG exports and the interactive chart cannot disagree."""

from __future__ import annotations

import json

from markupsafe import Markup


def interactive(spec: dict, svg: str) -> Markup:
    """`svg` (our own rendering of `spec`, from numbers and our labels, so safe unescaped)
    wrapped with its spec; the spec is escaped into the attribute."""
    return Markup('<div class="vega-chart" data-spec="{}"><div class="vega-static">{}</div>'
                  '</div>').format(json.dumps(spec, separators=(",", ":")), Markup(svg))
