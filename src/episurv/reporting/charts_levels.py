"""The history chart of a unit's epidemic level: one bar per week, its height the level (1-4)
and its colour the level's colour of Resolution 128/NQ-CP; weeks without a level are left
empty, weeks set by decision are drawn hatched-light so the chart says which levels were
decided. Built on the shared helpers of the report charts (locale, calendar axis)."""

from __future__ import annotations

from typing import Any

import altair as alt

from episurv.levels.policy import HEX, LEVELS
from episurv.reporting.charts import _locale
from episurv.reporting.charts_analytics import _x
from episurv.textfmt import check_lang, translator


def _labels(lang: str) -> dict[str, Any]:
    """The words of this module's output in `lang`: English here, every other language in
    its "reports" catalog (locale/<lang>/LC_MESSAGES/reports.po)."""
    _ = translator(lang).gettext
    return {
        "title": _("Epidemic level by week"),
        "sub": _("Each bar: the 7 days ending on the day; light bars: level set by decision"),
        "y": _("Level"),
        "x": _("Week ending"),
        "levels": (_("Level 1"), _("Level 2"), _("Level 3"), _("Level 4")),
        "date_format": _("%-d %b"),
    }


def level_history_spec(weeks: list[dict], lang: str = "vi") -> dict:
    """``weeks`` rows: ``{"date": ISO week end, "level": 1-4 | None, "decided": bool}``."""
    check_lang(lang)
    t = _labels(lang)
    data = [{"date": w["date"], "level": int(w["level"]), "name": t["levels"][w["level"] - 1],
             "decided": bool(w["decided"])} for w in weeks if w.get("level")]
    chart = alt.Chart(alt.Data(values=data)).mark_bar().encode(
        x=_x(t["x"], t["date_format"]),
        y=alt.Y("level:Q", title=t["y"], scale=alt.Scale(domain=[0, 4]),
                axis=alt.Axis(values=[1, 2, 3, 4], format="d")),
        color=alt.Color("name:N", title=None, legend=alt.Legend(orient="top"),
                        scale=alt.Scale(domain=list(t["levels"]),
                                        range=[HEX[level] for level in LEVELS])),
        opacity=alt.condition("datum.decided", alt.value(0.55), alt.value(1.0)),
    ).properties(width=680, height=160, title=alt.TitleParams(t["title"], subtitle=t["sub"],
                                                              anchor="start"))
    return chart.configure(locale=_locale(lang)).configure_view(stroke=None).to_dict()
