"""Charts of the analytics page, as Vega-Lite specs (Altair): the epi curve by onset date and the
weekly cases per 100,000.

The onset curve is its own chart, never a layer of the report-date curve (charts.epi_curve_spec):
the two answer different questions, and mixing them is a known source of disputes. Its last days
are drawn lighter and labelled as incomplete: their cases have not all been reported yet.
Rules: domain README section 7 (weekly cases per 100k = sum of the 7 days ending on the day x
100,000 / population).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import altair as alt

from episurv.reporting.charts import COLORS, _locale, count_axis, count_scale, epi_curve_spec
from episurv.textfmt import check_lang, translator

# Days before the report date whose onset counts are shown as incomplete. Onset to report took
# several days in 2021 (symptoms, sampling, PCR confirmation); a week is the usual margin of
# nowcasting displays, and the page says so rather than estimating the missing cases.
INCOMPLETE_DAYS = 7


def _labels(lang: str) -> dict[str, Any]:
    """The words of this module's output in `lang`: English here, every other language in
    its "reports" catalog (locale/<lang>/LC_MESSAGES/reports.po)."""
    _ = translator(lang).gettext
    return {
        "report": _("New cases by report date"),
        "onset": _("Cases by date of onset"),
        "onset_y": _("Cases"),
        "onset_sub": _("By date of symptom onset, not report date; the last {n} days are "
                       "incomplete"),
        "complete": _("By onset date"),
        "incomplete": _("Incomplete (cases not all reported yet)"),
        "weekly": _("New cases in 7 days per 100,000 people"),
        "weekly_sub": _("Sum of the 7 days ending on the day × 100,000 / population "
                        "(2019 census)"),
        "domestic": _("Domestic cases"),
        "community": _("Community cases"),
        "per100k": _("Cases per 100,000"),
        "x": _("Onset date"),
        "x_report": _("Report date"),
        "date_format": _("%-d %b"),
    }


def _x(title: str, fmt: str) -> alt.X:
    # Calendar days, read and shown in UTC so that no machine time zone shifts them.
    return alt.X("utcyearmonthdate(date):T", title=title,
                 axis=alt.Axis(format=fmt, labelAngle=0, labelOverlap=True))


def report_curve_spec(curve: list[dict], lang: str = "vi") -> dict:
    """charts.epi_curve_spec (bars community and quarantine, 7-day average line), titled as the
    curve by report date so that an exported image cannot pass for the onset curve."""
    spec = epi_curve_spec(curve, lang)
    spec["title"]["text"] = _labels(lang)["report"]
    return spec


def onset_curve_spec(curve: list[dict], reported_until: date, lang: str = "vi",
                     incomplete_days: int = INCOMPLETE_DAYS) -> dict:
    """Bars of cases by onset date; days within `incomplete_days` of `reported_until` are drawn
    lighter under their own legend entry. ``curve`` rows: ``{"date": ISO, "cases": int}``, as
    reporting.daily.onset_curve gives them."""
    check_lang(lang)
    t = _labels(lang)
    first_incomplete = reported_until - timedelta(days=incomplete_days - 1)
    data = [{"date": r["date"], "cases": int(r["cases"]),
             "part": t["incomplete"] if date.fromisoformat(r["date"]) >= first_incomplete
             else t["complete"]} for r in curve]
    peak = max((d["cases"] for d in data), default=0)
    chart = alt.Chart(alt.Data(values=data)).mark_bar().encode(
        x=_x(t["x"], t["date_format"]),
        y=alt.Y("cases:Q", title=t["onset_y"], axis=count_axis(t["onset_y"], peak),
                scale=count_scale(peak)),
        color=alt.Color("part:N", title=None, legend=alt.Legend(orient="top"),
                        scale=alt.Scale(domain=[t["complete"], t["incomplete"]],
                                        range=["#8c6bb1", "#d9cce6"])),
    ).properties(width=680, height=200, title=alt.TitleParams(
        t["onset"], subtitle=t["onset_sub"].format(n=incomplete_days), anchor="start"))
    return chart.configure(locale=_locale(lang)).configure_view(stroke=None).to_dict()


def weekly_rate_spec(rows: list[dict], lang: str = "vi") -> dict:
    """Lines of weekly domestic and community cases per 100,000 by report date. ``rows``:
    ``{"date": ISO, "domestic": float | None, "community": float | None}``; None is not drawn
    (fewer than 7 days known)."""
    check_lang(lang)
    t = _labels(lang)
    data = [{"date": r["date"], "series": t[key], "rate": round(float(r[key]), 1)}
            for r in rows for key in ("domestic", "community") if r.get(key) is not None]
    chart = alt.Chart(alt.Data(values=data)).mark_line(strokeWidth=2).encode(
        x=_x(t["x_report"], t["date_format"]),
        y=alt.Y("rate:Q", title=t["per100k"]),
        color=alt.Color("series:N", title=None, legend=alt.Legend(orient="top"),
                        scale=alt.Scale(domain=[t["domestic"], t["community"]],
                                        range=[COLORS["quarantine"], COLORS["community"]])),
    ).properties(width=680, height=180, title=alt.TitleParams(
        t["weekly"], subtitle=t["weekly_sub"], anchor="start"))
    return chart.configure(locale=_locale(lang)).configure_view(stroke=None).to_dict()
