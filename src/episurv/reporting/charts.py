"""Charts of the reports, as Vega-Lite specs (built with Altair) and their SVG or PNG.

The SVG is made by vl-convert in process (no browser, no network: external data URLs are
refused), so a report page can inline it and need no JavaScript and no CDN.

The epi curve follows the city CDC bulletins' split of every count into community and
quarantine/lockdown cases (domain README section 1); its line is the 7-day average as the
analytics conventions define it (domain README section 7: trailing mean over the 7 days ending on
the day, shown once at least 3 days are present, as OWID does).
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from typing import Any

import altair as alt
import vl_convert as vlc
from babel.dates import get_date_format, get_day_names, get_month_names, get_period_names
from babel.numbers import get_decimal_symbol, get_group_symbol

from episurv.reporting.drawing import WARM_UP, draw_png, draw_svg
from episurv.textfmt import check_lang, translator

# Trailing window of the average, and the fewest days it needs (domain README section 7).
AVG_WINDOW_DAYS = 7
AVG_MIN_DAYS = 3

COLORS = {"community": "#d6604d", "quarantine": "#4393c3", "average": "#222222"}


def _labels(lang: str) -> dict[str, Any]:
    """The words of this module's output in `lang`: English here, every other language in
    its "reports" catalog (locale/<lang>/LC_MESSAGES/reports.po)."""
    _ = translator(lang).gettext
    return {
        "title": _("New cases per day"),
        "subtitle": _("Bars: community and quarantine/lockdown cases; line: 7-day average"),
        "community": _("Community"),
        "quarantine": _("Quarantine or lockdown"),
        "average": _("7-day average"),
        "x": _("Date"),
        "y": _("Cases"),
        "legend": "",
        "date_format": _("%-d %b"),
        "day_format": _("%-d %b %Y"),
        "kind": _("Kind"),
    }


# CLDR date pattern fields, as d3's time format writes them (d3 pads with "%d", "%-d" does not).
_D3_FIELDS = {"d": "%-d", "dd": "%d", "M": "%-m", "MM": "%m", "y": "%Y", "yy": "%Y", "yyyy": "%Y"}


def _d3_date(lang: str) -> str:
    """The language's short date (CLDR: vi "d/M/yy", en "M/d/yy") with the year in full, as
    d3's own locales write %x ("%-m/%-d/%Y")."""
    pattern = get_date_format("short", locale=lang).pattern
    return re.sub(r"(d+|M+|y+)", lambda m: _D3_FIELDS[m.group(1)], pattern)


def _locale(lang: str) -> dict[str, Any]:
    """d3 number and time locales, from Babel's CLDR data so the chart writes numbers and month
    names as textfmt does ("1.961" in Vietnamese); d3 has no Vietnamese locale of its own."""
    thousands, dec = get_group_symbol(locale=lang), get_decimal_symbol(locale=lang)
    periods = get_period_names("abbreviated", context="format", locale=lang)
    # d3 lists days from Sunday; Babel numbers them from Monday = 0.
    order = [6, 0, 1, 2, 3, 4, 5]
    days = get_day_names("wide", locale=lang)
    short_days = get_day_names("abbreviated", locale=lang)
    months = get_month_names("wide", locale=lang)
    short_months = get_month_names("abbreviated", locale=lang)
    return {
        "number": {"decimal": dec, "thousands": thousands, "grouping": [3],
                   "currency": ["", ""]},
        "time": {
            "dateTime": "%x, %X",
            "date": _d3_date(lang),
            "time": "%H:%M:%S",
            "periods": [periods.get("am", "AM"), periods.get("pm", "PM")],
            "days": [days[i] for i in order],
            "shortDays": [short_days[i] for i in order],
            "months": [months[i] for i in range(1, 13)],
            "shortMonths": [short_months[i] for i in range(1, 13)],
        },
    }


def chart_locale(lang: str) -> dict[str, Any]:
    """The d3 locale of the charts in `lang` (numbers "1.961", month names), for other specs."""
    check_lang(lang)
    return _locale(lang)


# Up to this many, a count axis lists its ticks itself: Vega's own ticks for a span of a few
# units fall on halves (0, 0.5, 1), and its tickMinStep does not prevent it.
SMALL_COUNT = 10
# Up to this many days, the time axis has a tick on each day.
SHORT_DAYS = 14


def count_scale(peak: float) -> alt.Scale:
    """The scale of a count: from zero, and at least 0-1 when every count is zero (an empty
    domain would otherwise be padded below zero, to -0.5)."""
    if peak <= SMALL_COUNT:
        return alt.Scale(domain=[0, max(1, math.ceil(peak))], nice=False)
    return alt.Scale(domainMin=0, zero=True, nice=True)


def count_axis(title: str | None, peak: float) -> alt.Axis:
    """The axis of a count, whole numbers only (people are counted in ones: a tick of 0.5
    case reads as a wrong figure)."""
    if peak <= SMALL_COUNT:
        top = max(1, math.ceil(peak))
        return alt.Axis(title=title, values=list(range(0, top + 1, 1 if top <= 5 else 2)),
                        format=",d")
    return alt.Axis(title=title, tickMinStep=1, format=",d")


def epi_curve_spec(epi_curve: list[dict], lang: str = "vi") -> dict:
    """A Vega-Lite spec of cases per day: stacked bars (community, quarantine/lockdown) and the
    7-day average of all cases as a line.

    ``epi_curve`` rows are ``{"date": "YYYY-MM-DD", "community": int, "quarantine": int}``, one
    per day, as the daily report carries them.
    """
    check_lang(lang)
    t = _labels(lang)
    bars_data = [
        {"date": row["date"], "where": t[key], "rank": rank, "cases": int(row[key])}
        for row in epi_curve
        for rank, key in enumerate(("community", "quarantine"))
    ]
    line_data = [
        {"date": row["date"], "total": int(row["community"]) + int(row["quarantine"])}
        for row in epi_curve
    ]
    peak = max((r["total"] for r in line_data), default=0)
    color = alt.Color(
        "where:N",
        title=t["legend"] or None,
        scale=alt.Scale(
            domain=[t["community"], t["quarantine"], t["average"]],
            range=[COLORS["community"], COLORS["quarantine"], COLORS["average"]],
        ),
        legend=alt.Legend(orient="top", direction="horizontal"),
    )

    def x(band_position: float = 0.0) -> alt.X:
        # Dates are calendar days: read and shown in UTC so no machine time zone shifts a bar.
        return alt.X(
            "utcyearmonthdate(date):T",
            title=t["x"],
            bandPosition=band_position,
            # A short series has its ticks on whole days: Vega's own fall on noons too, and
            # each day is then written twice.
            axis=alt.Axis(format=t["date_format"], labelAngle=0, labelOverlap=True,
                          **({"tickCount": {"interval": "day", "step": 1}}
                             if len(epi_curve) <= SHORT_DAYS else {})),
        )

    def day_tip() -> alt.Tooltip:
        return alt.Tooltip("utcyearmonthdate(date):T", title=t["x"], format=t["day_format"])

    # Interactive pages (vega-embed) zoom and pan the days; the SVG/PNG exports ignore it.
    zoom = alt.selection_interval(bind="scales", encodings=["x"])
    bars = (
        alt.Chart(alt.Data(values=bars_data))
        .mark_bar()
        .encode(
            x=x(),
            y=alt.Y("sum(cases):Q", stack="zero", title=t["y"],
                    scale=count_scale(peak), axis=count_axis(t["y"], peak)),
            color=color,
            order=alt.Order("rank:Q"),
            tooltip=[day_tip(), alt.Tooltip("where:N", title=t["kind"]),
                     alt.Tooltip("sum(cases):Q", title=t["y"], format=",d")],
        )
        .add_params(zoom)
    )
    line = (
        alt.Chart(alt.Data(values=line_data))
        .transform_window(
            average="mean(total)",
            days="count()",
            frame=[-(AVG_WINDOW_DAYS - 1), 0],
            sort=[alt.SortField("date")],
        )
        .transform_filter(f"datum.days >= {AVG_MIN_DAYS}")
        .transform_calculate(where=repr(t["average"]))
        .mark_line(strokeWidth=2)
        # The point of a day sits mid-bar, not on the bar's left edge.
        .encode(x=x(0.5), y=alt.Y("average:Q"), color=color,
                tooltip=[day_tip(), alt.Tooltip("average:Q", title=t["average"],
                                                format=",.1f")])
    )
    chart = (
        alt.layer(bars, line)
        .properties(
            width=680,
            height=220,
            # A line for each part of the subtitle: whole, the Vietnamese ran past the chart's
            # width and was cut at a phone's.
            title=alt.TitleParams(t["title"], subtitle=t["subtitle"].split("; "),
                                  anchor="start"),
        )
        .configure(locale=_locale(lang))
        .configure_view(stroke=None)
    )
    return chart.to_dict()


def _vl_version(spec: dict) -> str | None:
    """The Vega-Lite version named by the spec's $schema, if vl-convert bundles it."""
    found = re.search(r"/v(\d+)\.(\d+)", spec.get("$schema", ""))
    if not found:
        return None
    version = f"{found.group(1)}.{found.group(2)}"
    return version if version in vlc.get_vegalite_versions() else None


def to_svg(spec: dict) -> str:
    """Render a Vega-Lite spec to an SVG string, with no network access: in this process, or
    in the renderer process once start_renderer() has started one."""
    return _render(draw_svg, spec, _vl_version(spec))


def to_png(spec: dict, scale: float = 2.0) -> bytes:
    """Render a Vega-Lite spec to PNG bytes, with no network access: where to_svg draws."""
    return _render(draw_png, spec, _vl_version(spec), scale)


def _render(draw: Callable[..., Any], *args: Any) -> Any:
    renderer = _renderer  # read once: another thread may stop or replace it meanwhile
    if renderer is None:
        return draw(*args)
    try:
        return renderer.submit(draw, *args).result()
    except BrokenProcessPool:  # the renderer died (killed, out of memory): start another
        renderer = _replace_renderer(renderer)
        return draw(*args) if renderer is None else renderer.submit(draw, *args).result()


# vl-convert holds the GIL while it draws (longest for a process's first chart, which starts
# its JavaScript engine). In a server worker, every other request of that worker stops for as
# long, the cached ones and the static files too, and so does uvicorn's health check, which
# kills a worker silent for 5 s (issue 11: the dashboard's p95 of 4.96 s with a p50 of 40 ms).
_renderer: ProcessPoolExecutor | None = None
_renderer_lock = threading.Lock()


def start_renderer() -> None:
    """Draw this process's charts in a process of their own from now on (a server worker
    does; a command draws its few charts itself). The renderer starts its JavaScript engine at
    once, while this process goes on."""
    global _renderer
    with _renderer_lock:
        if _renderer is None:
            _renderer = _new_renderer()


def _new_renderer() -> ProcessPoolExecutor:
    renderer = ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn"))
    renderer.submit(draw_svg, WARM_UP, None)
    return renderer


def _replace_renderer(broken: ProcessPoolExecutor) -> ProcessPoolExecutor | None:
    """The renderer to draw with once `broken` died: a new one, or the one another thread
    started already; none when the process stopped its renderer meanwhile (a worker shutting
    down, whose background drawing must not start a process that nothing would stop and that
    would keep the worker from exiting)."""
    global _renderer
    with _renderer_lock:
        if _renderer is broken:
            _renderer = _new_renderer()
        current = _renderer
    broken.shutdown(wait=False, cancel_futures=True)
    return current


def stop_renderer() -> None:
    global _renderer
    with _renderer_lock:
        old, _renderer = _renderer, None
    if old is not None:
        old.shutdown(wait=True, cancel_futures=True)
