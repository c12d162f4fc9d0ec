"""The city daily report as text (vi, en) and as a printable HTML page.

The text reads like the evening bulletin of a city CDC (Hà Nội CDC, 7/11/2021; domain README
section 2), in the same order: the day's cases, community cases by district, cases by cluster,
the remaining cases by source, the clusters still developing, the wave's cumulative totals, the
day's record. Numbers and dates come from :mod:`episurv.textfmt` ("4.998", "7/11").

The phrasing is fixed so that ``episurv.bulletins`` can read a rendered text back
(render -> parse round-trip). Exact Vietnamese patterns, in output order. ``{n}`` is a count as
``textfmt.number`` writes it ("4.998"); ``{w}`` is ``textfmt.count_word`` ("một" for 1, else
like ``{n}``); ``{dm}`` is ``textfmt.day_month`` ("7/11"). Names (province, district, ward,
cluster) are inserted verbatim (NFC). Sentences end with "." and are joined by one space;
a sentence whose list would be empty is left out, unless an alternative is given below.

S1, always, one of:
  ``CDC {province} {part} {dm} ghi nhận {n} ca cộng đồng, {n} ca ở khu cách ly và phong tỏa,
  trong 24 giờ qua.``
  ``CDC {province} {part} {dm} không ghi nhận ca nhiễm mới trong 24 giờ qua.``  (0 cases)
  ``{part}`` is the part of day of the cut-off: "sáng" before 12:00, "chiều" before 18:00,
  else "tối". The quarantine count includes lockdown areas. With a total above 0, both counts
  are written, even a 0.
S2, if any community case: ``Cụ thể, {n} ca cộng đồng ghi nhận tại các quận, huyện: {items}.``
  Districts by community count, descending (ties keep the report's order); equal counts are
  one item. An item is ``{district} {n}`` (one district) or
  ``{district}, {district}, ... mỗi nơi {w}`` (several). Two neighbouring items are separated
  by "; " if either has several districts, else by ", ". Community cases with no district
  (district null, or the districts summing to less than the community count) make a last item
  ``chưa rõ địa bàn {n}``.
S3, if any cluster has new cases: ``Phân bố theo chùm ca bệnh, có {items}.``
  item ``{n} ca liên quan ổ dịch {cluster}`` or ``{n} ca liên quan ổ dịch {cluster}, {district}``;
  items in the report's order, separated by "; ".
S4, if any case by source other than cluster (with S3) or any case by source (without S3):
  ``Còn lại {items}.`` after S3, else ``Theo nguồn lây, {items}.``; items in this order, those
  with 0 left out, separated by ", " except " và " before the last:
  ``{n} ca liên quan các ổ dịch`` (only without S3), ``{n} ca phát hiện qua sàng lọc ho sốt
  trong cộng đồng``, ``{n} ca liên quan các tỉnh có dịch``, ``{n} ca là F1``,
  ``{n} ca chưa rõ nguồn lây``.
S5, always, one of:
  ``Như vậy, các địa bàn đang diễn biến phức tạp gồm: {items}.``
  ``Hiện không có địa bàn nào đang diễn biến phức tạp.``
  item ``{place}, ghi nhận từ {dm}, tổng cộng {n} ca``; ``{place}`` is the cluster name, then
  ", {ward}" and ", {district}" where known; without a first-case date the item is
  ``{place}, tổng cộng {n} ca``. Items in the report's order, separated by "; ".
S6, if cumulative figures are given:
  ``Cộng dồn trong đợt dịch 4 từ ngày {dm}, {province} ghi nhận {n} ca nhiễm, trong đó {n} ca
  cộng đồng, {n} ca phát hiện tại khu cách ly.``
  "đợt dịch 4 " is written only when counting from 27/4/2021 (the start of wave 4, domain
  README section 1), else "đợt dịch từ ngày"; the date is d/m/yyyy when its year differs from
  the report's.
S7, if a record is given:
  ``Trong đó, hôm {dm} ghi nhận {n} ca nhiễm, cao nhất trong vòng {span} qua.``
  ``{span}`` is ``textfmt.days_span`` ("2 tháng", "45 ngày"); with no span known the sentence
  ends ``cao nhất từ đầu đợt dịch.``

English follows the same order and conditions with these forms: "{Province} CDC recorded {n}
community case(s) and {n} in quarantine or lockdown areas in the 24 hours to {HH:MM} on {d Mon}."
/ "... recorded no new cases in the 24 hours to ..."; "Community cases by district: Thanh Xuân 8;
Ba Đình, Hà Đông 3 each; unknown district 2."; "By cluster: 9 cases linked to the cluster
{place}; ..."; "The other cases: ..." / "By source: ..."; "Clusters still developing: {place},
first case on {d Mon}, {n} cases in total; ..." / "No cluster is still developing.";
"Since {d Mon}, the start of wave 4, {Province} has recorded {n} cases: {n} in the community and
{n} found in quarantine areas."; "The {n} cases recorded on {d Mon} were the highest in {span}."
"""

from __future__ import annotations

import unicodedata
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from episurv.core.days import read_day
from episurv.core.waves import wave_starting
from episurv.errors import InvalidInput
from episurv.reporting.charts import epi_curve_spec, to_svg
from episurv.textfmt import (
    check_lang,
    count_word,
    day_month,
    days_span,
    full_date,
    number,
    translator,
)

# Conventional English names of provinces whose Vietnamese name an English reader would not use.
# (Province names are geo's business; this is the short list a report needs today.)
ENGLISH_PROVINCE_NAMES = {1: "Hanoi", 79: "Ho Chi Minh City", 48: "Da Nang"}

SOURCE_ORDER = ("cluster", "screening", "travel", "contact", "unknown")

TEMPLATES = Path(__file__).parent / "templates"


# ---------------------------------------------------------------- reading the report dict


def _require(report: dict, key: str) -> Any:
    if report.get(key) is None:
        raise InvalidInput(f"daily report has no {key!r}", [{"field": key, "value": None}])
    return report[key]


def _day(value: str | date, field: str) -> date:
    """A day of the report given to render: a date, or a day written in any form a person
    types one (core.days.read_day: "2021-11-07", "7/11/2021"), else refused naming the field."""
    if isinstance(value, date):
        return value
    return read_day(str(value), f"daily report field {field}")


def _cutoff_hour(cutoff: str) -> int:
    try:
        hour, minute = (int(part) for part in cutoff.split(":"))
    except (AttributeError, ValueError):
        hour = minute = -1
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise InvalidInput(f"daily report field 'cutoff': {cutoff!r} is not a time HH:MM",
                           [{"field": "cutoff", "value": cutoff}])
    return hour


def _part_of_day(hour: int) -> str:
    """Bulletins date themselves by part of day ("tối 7/11"); the cut-off hour decides which."""
    if hour < 12:
        return "sáng"
    if hour < 18:
        return "chiều"
    return "tối"


def _province(report: dict, lang: str) -> str:
    name = str(_require(report, "province"))
    code = report.get("province_code")
    # Vietnamese writes the province's own name; every other language its English one.
    if lang != "vi" and code is not None:
        return ENGLISH_PROVINCE_NAMES.get(int(code), name)
    return name


def _place(*parts: str | None) -> str:
    return ", ".join(p for p in parts if p)


# ---------------------------------------------------------------- list phrasing


def district_groups(
    by_district: list[dict], community: int
) -> list[tuple[list[str | None], int]]:
    """Community cases by district as (names, count) groups: count descending, equal counts in
    one group (ties keep the report's order), cases with no district last as ``[None]``."""
    placed = [row for row in by_district if row.get("district") and row.get("community", 0) > 0]
    placed.sort(key=lambda row: -row["community"])  # stable: ties keep the report's order
    groups: list[tuple[list[str | None], int]] = []
    for row in placed:
        if groups and groups[-1][1] == row["community"]:
            groups[-1][0].append(row["district"])
        else:
            groups.append(([row["district"]], row["community"]))
    unplaced = community - sum(row["community"] for row in placed)
    if unplaced > 0:
        groups.append(([None], unplaced))
    return groups


def _join_groups(items: list[tuple[str, bool]]) -> str:
    """Join list items as the bulletins do: "; " next to an item naming several places, ", "
    between two single ones ("Thanh Xuân 8, Đông Anh 5; Ba Đình, Hà Đông mỗi nơi 3")."""
    out = ""
    for i, (text, several) in enumerate(items):
        if i:
            out += "; " if several or items[i - 1][1] else ", "
        out += text
    return out


# ---------------------------------------------------------------- text
#
# Each sentence is written from English gettext messages (domain "reports", catalogs under
# episurv/locale); the Vietnamese catalog holds the bulletin's exact phrasing given above.


class _Writer:
    """What every sentence needs: the language's messages and its number format."""

    def __init__(self, lang: str) -> None:
        t = translator(lang)
        self.lang = lang
        self._ = t.gettext
        self.ngettext = t.ngettext
        self.pgettext = t.pgettext

    def n(self, x: int) -> str:
        return number(x, self.lang)

    def dm(self, d: date | str) -> str:
        """A day (a date or its ISO text) without its year."""
        return day_month(d if isinstance(d, date) else date.fromisoformat(d), self.lang)

    def join_and(self, parts: list[str]) -> str:
        if len(parts) <= 1:
            return "".join(parts)
        return self._("%(head)s and %(last)s") % {"head": ", ".join(parts[:-1]),
                                                  "last": parts[-1]}


def _part_of_day_word(hour: int, w: _Writer) -> str:
    return {"sáng": w._("morning"), "chiều": w._("afternoon"),
            "tối": w._("evening")}[_part_of_day(hour)]


def _s1_cases(report: dict, w: _Writer, day: date) -> str:
    cutoff = report.get("cutoff") or "18:00"
    community = int(_require(report, "community"))
    quarantine = int(_require(report, "quarantine"))
    values = {"province": _province(report, w.lang),
              "part": _part_of_day_word(_cutoff_hour(cutoff), w), "date": w.dm(day),
              "cutoff": cutoff, "community": w.n(community), "quarantine": w.n(quarantine)}
    if not community + quarantine:
        return w._("%(province)s CDC recorded no new cases in the 24 hours to %(cutoff)s on "
                   "%(date)s.") % values
    return w.ngettext(
                "%(province)s CDC recorded %(community)s community case and %(quarantine)s in "
                "quarantine or lockdown areas in the 24 hours to %(cutoff)s on %(date)s.",
                "%(province)s CDC recorded %(community)s community cases and %(quarantine)s in "
                "quarantine or lockdown areas in the 24 hours to %(cutoff)s on %(date)s.",
                community) % values


def _s2_districts(report: dict, w: _Writer) -> str | None:
    community = int(_require(report, "community"))
    groups = district_groups(report.get("by_district") or [], community)
    if not (community and groups):
        return None
    items = []
    for names, n in groups:
        if names == [None]:
            items.append((w._("unknown district %(n)s") % {"n": w.n(n)}, False))
        elif len(names) == 1:
            items.append((f"{names[0]} {w.n(n)}", False))
        else:
            items.append((w._("%(names)s %(n)s each") % {
                "names": ", ".join(str(name) for name in names), "n": w.n(n),
                "word": count_word(n, w.lang)}, True))
    return w._("Community cases by district: %(items)s.") % {
        "community": w.n(community), "items": _join_groups(items)}


def _clusters_of_the_day(report: dict) -> list[dict]:
    return [c for c in report.get("by_cluster") or [] if c.get("new_cases", 0) > 0]


def _s3_clusters(report: dict, w: _Writer) -> str | None:
    clusters = _clusters_of_the_day(report)
    if not clusters:
        return None
    items = []
    for c in clusters:
        n = c["new_cases"]
        if c["cluster"]:
            items.append(w.ngettext("%(n)s case linked to the cluster %(place)s",
                              "%(n)s cases linked to the cluster %(place)s", n) % {
                "n": w.n(n), "place": _place(c["cluster"], c.get("district"))})
        else:
            unnamed = w._("not yet named")
            items.append(w.ngettext("%(n)s case linked to a cluster %(unnamed)s",
                              "%(n)s cases linked to a cluster %(unnamed)s", n) % {
                "n": w.n(n), "unnamed": unnamed, "place": _place(unnamed, c.get("district"))})
    return w._("By cluster: %(items)s.") % {"items": "; ".join(items)}


def _source_phrase(source: str, n: str, w: _Writer) -> str:
    phrases = {"cluster": w._("%(n)s linked to clusters"),
               "screening": w._("%(n)s found by fever and cough screening in the community"),
               "travel": w._("%(n)s linked to provinces with outbreaks"),
               "contact": w._("%(n)s close contacts (F1) of known cases"),
               "unknown": w._("%(n)s with no known source")}
    return phrases[source] % {"n": n}


def _s4_sources(report: dict, w: _Writer) -> str | None:
    clusters = _clusters_of_the_day(report)
    by_source = report.get("by_source") or {}
    keys = list(SOURCE_ORDER)
    if clusters and "by_source_outside_clusters" in report:
        # The service's report: the rest are exactly the cases outside the clusters.
        by_source = report["by_source_outside_clusters"]
    elif clusters:
        # A report read from a bulletin: its sources already are the rest, cluster aside.
        keys = [k for k in SOURCE_ORDER if k != "cluster"]
    parts = [_source_phrase(k, w.n(by_source[k]), w) for k in keys if by_source.get(k, 0) > 0]
    if not parts:
        return None
    lead = (w._("The other cases: %(items)s.") if clusters
            else w._("By source: %(items)s."))
    return lead % {"items": w.join_and(parts)}


def _s5_developing(report: dict, w: _Writer) -> str:
    active = report.get("active_clusters") or []
    if not active:
        return w._("No cluster is still developing.")
    items = []
    for c in active:
        n = c.get("total_cases", 0)
        first = c.get("first_case_date")
        values = {"place": _place(c["cluster"], c.get("ward"), c.get("district")), "n": w.n(n),
                  "date": w.dm(_day(first, "first_case_date")) if first else ""}
        if first:
            items.append(w.ngettext("%(place)s, first case on %(date)s, %(n)s case in total",
                              "%(place)s, first case on %(date)s, %(n)s cases in total",
                              n) % values)
        else:
            items.append(w.ngettext("%(place)s, %(n)s case in total",
                                    "%(place)s, %(n)s cases in total", n) % values)
    return w._("Clusters still developing: %(items)s.") % {"items": "; ".join(items)}


def _s6_cumulative(report: dict, w: _Writer, day: date) -> str | None:
    cum = report.get("cumulative")
    if not cum:
        return None
    start = _day(cum["since"], "cumulative.since")
    values = {"since": w.dm(start) if start.year == day.year else full_date(start, w.lang),
              "wave": wave_starting(start), "province": _province(report, w.lang),
              "total": w.n(cum["total"]), "community": w.n(cum["community"]),
              "quarantine": w.n(cum["quarantine"])}
    if values["wave"]:
        return w.ngettext("Since %(since)s, the start of wave %(wave)s, %(province)s has recorded "
                    "%(total)s case: %(community)s in the community and %(quarantine)s found in "
                    "quarantine areas.",
                    "Since %(since)s, the start of wave %(wave)s, %(province)s has recorded "
                    "%(total)s cases: %(community)s in the community and %(quarantine)s found in "
                    "quarantine areas.", cum["total"]) % values
    return w.ngettext(
                "Since %(since)s, %(province)s has recorded %(total)s case: %(community)s in the "
                "community and %(quarantine)s found in quarantine areas.",
                "Since %(since)s, %(province)s has recorded %(total)s cases: %(community)s in "
                "the community and %(quarantine)s found in quarantine areas.",
                cum["total"]) % values


def _s7_record(report: dict, w: _Writer) -> str | None:
    record = report.get("record")
    if not record:
        return None
    n = record["new_cases"]
    span = record.get("highest_in_days")
    values = {"date": w.dm(_day(record["date"], "record.date")), "n": w.n(n),
              "span": days_span(span, w.lang) if span else ""}
    if span:
        return w.ngettext("The %(n)s case recorded on %(date)s was the highest in %(span)s.",
                    "The %(n)s cases recorded on %(date)s were the highest in %(span)s.",
                    n) % values
    return w.ngettext("The %(n)s case recorded on %(date)s was the highest since the wave began.",
                "The %(n)s cases recorded on %(date)s were the highest since the wave began.",
                n) % values


def _sentences(report: dict, lang: str) -> list[str]:
    """The sentences S1-S7 of the module docstring, those that apply, in order."""
    w = _Writer(lang)
    day = _day(_require(report, "date"), "date")
    out = [_s1_cases(report, w, day), _s2_districts(report, w), _s3_clusters(report, w),
           _s4_sources(report, w), _s5_developing(report, w), _s6_cumulative(report, w, day),
           _s7_record(report, w)]
    return [unicodedata.normalize("NFC", s) for s in out if s]


def render_text(report: dict, lang: str = "vi") -> str:
    """The daily report as one paragraph of bulletin text (patterns in the module docstring)."""
    check_lang(lang)
    return " ".join(_sentences(report, lang))


# ---------------------------------------------------------------- HTML


def _labels(lang: str) -> dict[str, Any]:
    """The words of this module's output in `lang`: English here, every other language in
    its "reports" catalog (locale/<lang>/LC_MESSAGES/reports.po)."""
    _ = translator(lang).gettext
    return {
        "title": _("Epidemic situation report, {date}"),
        "subtitle": _("{province} — the 24 hours to {cutoff} on {date}"),
        "new_cases": _("New cases"),
        "community": _("Community"),
        "quarantine": _("Quarantine or lockdown"),
        "cumulative_since": _("Total since {since}"),
        "summary": _("Summary"),
        "curve": _("Cases per day"),
        "curve_alt": _("Chart of new cases per day"),
        "by_district": _("Cases by district"),
        "district": _("District"),
        "unknown_district": _("Unknown district"),
        "total": _("Total"),
        "by_cluster": _("New cases by cluster"),
        "cluster": _("Cluster"),
        "not_yet_named": _("not yet named"),
        "active": _("Clusters still developing"),
        "place": _("Place"),
        "first_case": _("First case"),
        "total_cases": _("Total cases"),
        "cumulative": _("Cumulative"),
        "since": _("Since"),
        "cases": _("Cases"),
        "none": _("None."),
    }


def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"], default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(report: dict, lang: str = "vi") -> str:
    """The daily report as a self-contained printable HTML page: headline figures, the bulletin
    text, the epi curve as inline SVG (no JavaScript, no CDN), tables by district and cluster,
    the clusters still developing and the cumulative totals."""
    check_lang(lang)
    fmt = partial(number, lang=lang)
    t = _labels(lang)
    day = _day(_require(report, "date"), "date")
    province = _province(report, lang)
    cutoff = report.get("cutoff") or "18:00"
    long_date = full_date(day, lang)
    community = int(_require(report, "community"))
    quarantine = int(_require(report, "quarantine"))

    districts = [
        {"name": row.get("district") or t["unknown_district"], "new": fmt(row["new_cases"]),
         "community": fmt(row.get("community", 0)),
         "quarantine": fmt(row["new_cases"] - row.get("community", 0))}
        for row in report.get("by_district") or []
    ]
    clusters = [
        {"name": c["cluster"] or t["not_yet_named"], "district": c.get("district") or "",
         "new": fmt(c["new_cases"])}
        for c in report.get("by_cluster") or []
    ]
    active = [
        {"name": c["cluster"], "place": _place(c.get("ward"), c.get("district")),
         "first": (day_month(_day(c["first_case_date"], "first_case_date"), lang)
                   if c.get("first_case_date") else ""),
         "total": fmt(c.get("total_cases", 0)), "new": fmt(c.get("new_cases", 0))}
        for c in report.get("active_clusters") or []
    ]
    cum = report.get("cumulative")
    cumulative = None
    if cum:
        cumulative = {"since": full_date(_day(cum["since"], "cumulative.since"), lang),
                      "total": fmt(cum["total"]), "community": fmt(cum["community"]),
                      "quarantine": fmt(cum["quarantine"])}
    curve = report.get("epi_curve") or []
    # Our own SVG, made from numbers and our labels only: safe to inline unescaped.
    chart = Markup(to_svg(epi_curve_spec(curve, lang))) if curve else None

    template = _environment().get_template("daily.html")
    return template.render(
        lang=lang,
        t=t,
        title=t["title"].format(date=long_date),
        subtitle=t["subtitle"].format(province=province, cutoff=cutoff, date=long_date),
        figures=[
            (t["new_cases"], fmt(report.get("new_cases", community + quarantine))),
            (t["community"], fmt(community)),
            (t["quarantine"], fmt(quarantine)),
        ] + ([(t["cumulative_since"].format(since=cumulative["since"]), cumulative["total"])]
             if cumulative else []),
        text=render_text(report, lang),
        chart=chart,
        districts=districts,
        district_total={"new": fmt(sum(r["new_cases"] for r in report.get("by_district") or [])),
                        "community": fmt(sum(r.get("community", 0)
                                             for r in report.get("by_district") or [])),
                        "quarantine": fmt(sum(r["new_cases"] - r.get("community", 0)
                                              for r in report.get("by_district") or []))},
        clusters=clusters,
        active=active,
        cumulative=cumulative,
    )
