"""The history chart of a unit's epidemic level: one bar per week, its height the level (1-4)
and its colour the level's colour of Resolution 128/NQ-CP; weeks without a level are left
empty, weeks set by decision are drawn hatched-light so the chart says which levels were
decided. Built on the shared helpers of the report charts (locale, calendar axis)."""

from __future__ import annotations

import altair as alt

from episurv.reporting.charts import _locale
from episurv.reporting.charts_analytics import _x
from episurv.textfmt import check_lang

# Resolution 128/NQ-CP colours (levels.policy.HEX), repeated here as the chart's data: the
# reporting layer does not import the levels package.
LEVEL_HEX = ("#1a9850", "#f2c40f", "#f46d43", "#d73027")

LABELS = {
    "vi": {"title": "Cấp độ dịch theo tuần", "sub": "Mỗi cột: 7 ngày kết thúc vào ngày; cột "
           "nhạt: cấp độ do quyết định", "y": "Cấp độ", "x": "Tuần kết thúc ngày",
           "levels": ("Cấp 1", "Cấp 2", "Cấp 3", "Cấp 4"), "date_format": "%-d/%-m"},
    "en": {"title": "Epidemic level by week", "sub": "Each bar: the 7 days ending on the day; "
           "light bars: level set by decision", "y": "Level", "x": "Week ending",
           "levels": ("Level 1", "Level 2", "Level 3", "Level 4"), "date_format": "%-d %b"},
}


def level_history_spec(weeks: list[dict], lang: str = "vi") -> dict:
    """``weeks`` rows: ``{"date": ISO week end, "level": 1-4 | None, "decided": bool}``."""
    check_lang(lang)
    t = LABELS[lang]
    data = [{"date": w["date"], "level": int(w["level"]), "name": t["levels"][w["level"] - 1],
             "decided": bool(w["decided"])} for w in weeks if w.get("level")]
    chart = alt.Chart(alt.Data(values=data)).mark_bar().encode(
        x=_x(t["x"], t["date_format"]),
        y=alt.Y("level:Q", title=t["y"], scale=alt.Scale(domain=[0, 4]),
                axis=alt.Axis(values=[1, 2, 3, 4], format="d")),
        color=alt.Color("name:N", title=None, legend=alt.Legend(orient="top"),
                        scale=alt.Scale(domain=list(t["levels"]), range=list(LEVEL_HEX))),
        opacity=alt.condition("datum.decided", alt.value(0.55), alt.value(1.0)),
    ).properties(width=680, height=160, title=alt.TitleParams(t["title"], subtitle=t["sub"],
                                                              anchor="start"))
    return chart.configure(locale=_locale(lang)).configure_view(stroke=None).to_dict()
