"""Charts of the national report and of the analytics, as Vega-Lite specs (Altair), and PNG.

Beside charts.epi_curve_spec (cases per day with the 7-day average): new cases of the day by
province, deaths per day with their 7-day average, and Rt with its 95% credible interval. Every
chart uses the locale of charts._locale, so numbers read as textfmt writes them, and renders
without a browser or network (charts.to_svg and charts.to_png, both vl-convert).
"""

from __future__ import annotations

from typing import Any

import altair as alt

from episurv.reporting.charts import (
    AVG_MIN_DAYS,
    AVG_WINDOW_DAYS,
    COLORS,
    _locale,
    count_axis,
    count_scale,
)
from episurv.reporting.charts import to_png as to_png  # re-exported: the national pages use it
from episurv.textfmt import check_lang, translator


def _labels(lang: str) -> dict[str, Any]:
    """The words of this module's output in `lang`: English here, every other language in
    its "reports" catalog (locale/<lang>/LC_MESSAGES/reports.po)."""
    tr = translator(lang)
    _ = tr.gettext
    return {
        "provinces": tr.pgettext("chart", "New cases of the day by province"),
        "province": "",
        "cases": _("Cases"),
        "community": tr.pgettext("chart", "Under investigation"),
        "quarantine": _("Quarantine or lockdown"),
        "deaths": _("Deaths per day"),
        "deaths_y": tr.pgettext("chart", "Deaths"),
        "average": _("7-day average"),
        "x": _("Date"),
        "rt": _("Reproduction number Rt (95% credible interval)"),
        "rt_y": _("Rt"),
        "rt_sub": _("Cori et al. 2013 (as EpiEstim), 7-day windows, by report date"),
        "date_format": _("%-d %b"),
    }


def _x(t: dict, band: float = 0.0) -> alt.X:
    # Calendar days, read and shown in UTC so that no machine time zone shifts them.
    return alt.X("utcyearmonthdate(date):T", title=t["x"], bandPosition=band,
                 axis=alt.Axis(format=t["date_format"], labelAngle=0, labelOverlap=True))


def _finish(chart: alt.TopLevelMixin, lang: str) -> dict:
    return chart.configure(locale=_locale(lang)).configure_view(stroke=None).to_dict()


def cases_by_province_spec(rows: list[dict], lang: str = "vi", top: int = 20) -> dict:
    """Horizontal stacked bars of the day's domestic cases of the `top` provinces: under
    investigation and in quarantine. ``rows`` as the national report's ``by_province``."""
    check_lang(lang)
    t = _labels(lang)
    shown = sorted((r for r in rows if r.get("domestic")), key=lambda r: -r["domestic"])[:top]
    data = [{"province": r["province"], "where": t[key], "rank": i, "cases": int(r[key]),
             "total": int(r["domestic"])}
            for r in shown for i, key in enumerate(("community", "quarantine"))]
    peak = max((d["total"] for d in data), default=0)
    chart = alt.Chart(alt.Data(values=data)).mark_bar().encode(
        y=alt.Y("province:N", title=t["province"] or None,
                sort=alt.EncodingSortField("total", op="max", order="descending")),
        x=alt.X("sum(cases):Q", title=t["cases"], stack="zero", axis=count_axis(t["cases"], peak),
                scale=count_scale(peak)),
        color=alt.Color("where:N", title=None, legend=alt.Legend(orient="top"),
                        scale=alt.Scale(domain=[t["community"], t["quarantine"]],
                                        range=[COLORS["community"], COLORS["quarantine"]])),
        order=alt.Order("rank:Q"),
    ).properties(width=560, height=max(60, 18 * len(shown)),
                 title=alt.TitleParams(t["provinces"], anchor="start"))
    return _finish(chart, lang)


def deaths_spec(curve: list[dict], lang: str = "vi") -> dict:
    """Deaths per day (bars) and their 7-day average (line; OWID's rule, domain README 7).
    ``curve`` rows carry ``date`` and ``deaths``; a day with no figure (None) has no bar and the
    average counts only days with a figure, so missing data leaves a gap, never a zero line."""
    check_lang(lang)
    t = _labels(lang)
    data = [{"date": r["date"], "deaths": None if r["deaths"] is None else int(r["deaths"])}
            for r in curve]
    base = alt.Chart(alt.Data(values=data))
    # With no figure at all, the empty bar layer is hidden from screen readers (an unlabelled
    # mark container otherwise).
    received = any(d["deaths"] is not None for d in data)
    peak = max((d["deaths"] or 0 for d in data), default=0)
    bars = base.transform_filter("isValid(datum.deaths)").mark_bar(
        color="#7f7f7f", aria=received).encode(x=_x(t), y=alt.Y(
            "deaths:Q", title=t["deaths_y"], axis=count_axis(t["deaths_y"], peak),
            scale=count_scale(peak)))
    line = base.transform_window(
        average="mean(deaths)", days="valid(deaths)", frame=[-(AVG_WINDOW_DAYS - 1), 0],
        sort=[alt.SortField("date")],
    ).transform_calculate(
        # Fewer than AVG_MIN_DAYS figures in the window: no average, a break in the line.
        average=f"datum.days >= {AVG_MIN_DAYS} ? datum.average : null",
    ).mark_line(color=COLORS["average"], strokeWidth=2).encode(x=_x(t, 0.5), y="average:Q")
    chart = alt.layer(bars, line).properties(
        width=680, height=180, title=alt.TitleParams(t["deaths"], subtitle=t["average"],
                                                     anchor="start"))
    return _finish(chart, lang)


def rt_spec(series: list[dict], lang: str = "vi") -> dict:
    """Rt's posterior mean (line) and 95% credible interval (band), with the line Rt = 1.
    ``series`` rows carry ``date, mean, q025, q975`` (analytics.rt)."""
    check_lang(lang)
    t = _labels(lang)
    base = alt.Chart(alt.Data(values=series))
    band = base.mark_area(opacity=0.3, color=COLORS["quarantine"]).encode(
        x=_x(t), y=alt.Y("q025:Q", title=t["rt_y"]), y2="q975:Q")
    mean = base.mark_line(color=COLORS["quarantine"], strokeWidth=2).encode(x=_x(t), y="mean:Q")
    one = alt.Chart(alt.Data(values=[{"y": 1}])).mark_rule(
        color=COLORS["community"], strokeDash=[4, 4]).encode(y="y:Q")
    chart = alt.layer(band, mean, one).properties(
        width=680, height=180, title=alt.TitleParams(t["rt"], subtitle=t["rt_sub"],
                                                     anchor="start"))
    return _finish(chart, lang)

