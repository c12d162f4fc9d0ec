"""The national report as text (vi, en) and as a printable HTML page.

The Vietnamese text reads like the Ministry of Health's evening report (7/11/2021, domain README
section 2), in its order, and is phrased in the shapes `episurv.bulletins` reads back (render ->
parse round-trip; tests/reporting/test_national_render.py). Every number comes from the report
dict and is written by `episurv.textfmt`. ``{n}`` is ``textfmt.number``; ``{dm}`` is
``textfmt.day_month``; ``{±}`` is "tăng {n} ca" or "giảm {n} ca" ("không đổi" for 0).

N1 ``Trong {new} ca nhiễm Bộ Y tế công bố tối {dm} có [{imported} ca nhập cảnh và ]{domestic} ca ở
   {k} tỉnh thành, {±} so với hôm qua[, trong đó {province} tăng cao]; {deaths} ca tử vong;
   {recovered} người khỏi bệnh.``
N2 ``24 giờ qua, {n} ca được phát hiện ở khu cách ly hoặc khu đã được phong tỏa ({±}), {n} ca đang
   điều tra dịch tễ ({±}).``
N3 ``{province} giảm {n} ca, ...; trong khi {province} tăng {n} ca, ...`` (largest falls, rises)
N4 ``Các ca nhiễm mới trong nước ghi nhận tại: {items}.`` (provinces by count, equal counts
   grouped as in N6)
N5 ``Trung bình số ca nhiễm mới trong nước ghi nhận trong 7 ngày qua: {n} ca/ngày.``
N6 ``Trong ngày ghi nhận {n} ca tử vong tại: TP HCM 31, Bạc Liêu 7, Bình Dương và An Giang 5,
   Cần Thơ, Quảng Ngãi và Sóc Trăng đều một.`` / ``Trong ngày không ghi nhận ca tử vong.``
N7 ``Trung bình số tử vong ghi nhận trong 7 ngày qua: {n} ca. Tổng số ca tử vong tại Việt Nam
   tính đến nay là {n} ca, chiếm tỷ lệ {x,y}% so với tổng số ca nhiễm.``
N8 ``Kể từ đầu dịch đến nay Việt Nam ghi nhận {n} ca nhiễm, bình quân cứ 1 triệu người có {n} ca
   nhiễm.``
N9 ``Đợt dịch thứ {w}, số ca nhiễm mới ghi nhận trong nước là {n}, trong đó {n} người đã được
   công bố khỏi bệnh.``
N10 ``{k} tỉnh, thành phố không có ca lây nhiễm thứ phát trên địa bàn trong 14 ngày qua: {names}.``
N11 ``{k} tỉnh thành dẫn đầu về tổng số ca nhiễm trong đợt dịch này là {p} {n} ca, {p} {n}, ...,
   {p} {n} ca.``
N12 ``Về điều trị, số người khỏi bệnh trong ngày là {n}, nâng tổng số ca được điều trị khỏi lên
   {n}. Số bệnh nhân nặng đang điều trị là {n} ca.``
N13 ``Về xét nghiệm, trong 24 giờ qua đã thực hiện {n} xét nghiệm cho {n} lượt người. Số lượng xét
   nghiệm từ {dm} đến nay đã thực hiện {n} mẫu cho {n} lượt người.``
N14 ``Về tiêm chủng, trong ngày {dm} có {n} liều vaccine được tiêm. Như vậy, tổng số liều đã được
   tiêm là {m} liều, trong đó tiêm 1 mũi là {m} liều, tiêm mũi 2 là {m} liều.`` ({m}: "89,6
   triệu" from a million on, else {n})
A figure never received (None in the report: deaths, recoveries, severe patients, tests,
doses, and so the CFR) is written "không có số liệu" ("no figure"), never 0: "...; tử vong:
không có số liệu; khỏi bệnh: không có số liệu.", "Về xét nghiệm: không có số liệu.".
Each sentence is an English gettext message (domain "reports"); the Vietnamese catalog
(episurv/locale/vi/LC_MESSAGES/reports.po) holds the phrasing above.
Notes, a second paragraph, for analysts: a line list that differs from the submitted figures,
and the provinces whose figures of the day have not arrived.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

from markupsafe import Markup

from episurv.core.i18n import N_
from episurv.reporting.charts import epi_curve_spec, to_png, to_svg
from episurv.reporting.charts_national import cases_by_province_spec, deaths_spec, rt_spec
from episurv.reporting.render_daily import ENGLISH_PROVINCE_NAMES, _environment
from episurv.reporting.render_daily import _Writer as _SentenceWriter
from episurv.textfmt import (
    check_lang,
    count_word,
    decimal,
    full_date,
    number,
    percent,
    translator,
)

# The names the ministry's report writes for provinces whose short name it does not use.
VI_PROVINCE_NAMES = {79: "TP HCM"}

# The reasons a line list and the submitted figures differ, and the measures compared.
REASONS = {"no_patient_code": N_("%(n)s cases without a patient code yet"),
           "confirmed_after_cutoff_day_before": N_("%(n)s cases confirmed after the cut-off the "
                                                   "day before"),
           "confirmed_after_cutoff_counted_next_day": N_("%(n)s cases confirmed after the "
                                                         "cut-off, counted the next day")}
MEASURE_NAMES = {"new_cases": N_("new cases"), "community": N_("community cases"),
                 "quarantine": N_("cases in quarantine")}


def province_name(entry: dict, lang: str) -> str:
    code = entry.get("province_code")
    names = VI_PROVINCE_NAMES if lang == "vi" else ENGLISH_PROVINCE_NAMES
    return names.get(code, entry["province"]) if code is not None else entry["province"]


class _Writer(_SentenceWriter):
    """The daily report's writer (messages, numbers, days, lists) and the national report's
    province names, changes and millions."""

    def name(self, entry: dict) -> str:
        return province_name(entry, self.lang)

    def change(self, x: int) -> str:
        if x == 0:
            return self._("unchanged")
        return (self._("up %(n)s") if x > 0 else self._("down %(n)s")) % {"n": self.n(abs(x))}

    def millions(self, x: int) -> str:
        if x >= 1_000_000:
            return self._("%(x)s million") % {"x": decimal(x / 1_000_000, 1, self.lang)}
        return self.n(x)


def grouped(entries: list[tuple[str, int]], lang: str) -> str:
    """Names with counts, count descending, equal counts in one item: "TP HCM 31, Bình Dương
    và An Giang 5, Cần Thơ, Quảng Ngãi và Sóc Trăng đều một" (en: "Can Tho, ... 1 each")."""
    w = _Writer(lang)
    groups: list[tuple[list[str], int]] = []
    for name, n in entries:
        if groups and groups[-1][1] == n:
            groups[-1][0].append(name)
        else:
            groups.append(([name], n))
    items = []
    for names, n in groups:
        values = {"names": w.join_and(names), "n": w.n(n), "word": count_word(n, lang)}
        if len(names) == 1:
            items.append(f"{names[0]} {w.n(n)}")
        elif len(names) == 2:
            items.append(w.pgettext("two provinces", "%(names)s %(n)s each") % values)
        else:
            items.append(w.pgettext("several provinces", "%(names)s %(n)s each") % values)
    return ", ".join(items)


def _n1_headline(r: dict, w: _Writer) -> str:
    rise = r["largest_rises"][0] if r["largest_rises"] else None
    values = {
        "new": w.n(r["new_cases"]), "date": w.dm(r["date"]), "domestic": w.n(r["domestic"]),
        "k": w.n(r["provinces_with_cases"]), "change": w.change(r["change_vs_yesterday"]),
        "imported": (w._(" (%(n)s imported)") % {"n": w.n(r["imported"])}
                     if r["imported"] else ""),
        "rise": (w._(", %(province)s rising most") % {"province": w.name(rise)}
                 if rise else ""),
        "deaths": (w._("%(n)s deaths") % {"n": w.n(r["deaths"])} if r["deaths"] is not None
                   else w._("deaths: no figure")),
        "recovered": (w._("%(n)s recoveries") % {"n": w.n(r["recovered"])}
                      if r["recovered"] is not None else w._("recoveries: no figure"))}
    return w.ngettext(
        "The Ministry of Health reported %(new)s new cases on the evening of %(date)s"
        "%(imported)s: %(domestic)s domestic cases in %(k)s province, %(change)s on the day "
        "before; %(deaths)s; %(recovered)s.",
        "The Ministry of Health reported %(new)s new cases on the evening of %(date)s"
        "%(imported)s: %(domestic)s domestic cases in %(k)s provinces, %(change)s on the day "
        "before; %(deaths)s; %(recovered)s.", r["provinces_with_cases"]) % values


def _n2_where_found(r: dict, w: _Writer) -> str:
    return w._("%(quarantine)s cases were found in quarantine or lockdown areas "
               "(%(quarantine_change)s) and %(community)s are under investigation "
               "(%(community_change)s).") % {
        "quarantine": w.n(r["quarantine"]), "community": w.n(r["community"]),
        "quarantine_change": w.change(r["quarantine_change"]),
        "community_change": w.change(r["community_change"])}


def _n3_changes(r: dict, w: _Writer) -> str | None:
    falls = ", ".join(w._("%(province)s down %(n)s") % {"province": w.name(e),
                                                         "n": w.n(-e["change"])}
                      for e in r["largest_falls"])
    rises = ", ".join(w._("%(province)s up %(n)s") % {"province": w.name(e),
                                                       "n": w.n(e["change"])}
                      for e in r["largest_rises"])
    if falls and rises:
        return w._("Largest changes: %(falls)s, %(rises)s.") % {"falls": falls, "rises": rises}
    if falls or rises:
        return w._("Largest changes: %(changes)s.") % {"changes": falls or rises}
    return None


def _n4_by_province(r: dict, w: _Writer) -> str | None:
    cases = [(w.name(e), e["domestic"]) for e in r["by_province"] if e["domestic"]]
    if not cases:
        return None
    return w._("Domestic cases by province: %(items)s.") % {"items": grouped(cases, w.lang)}


def _n5_average(r: dict, w: _Writer) -> str | None:
    if r["avg7_cases"] is None:
        return None
    return w._("7-day average of domestic cases: %(n)s a day.") % {
        "n": w.n(round(r["avg7_cases"]))}


def _n6_deaths(r: dict, w: _Writer) -> str:
    if r["deaths"] is None:
        return w._("Deaths of the day: no figure.")
    deaths = [(w.name(e), e["deaths"]) for e in r["deaths_by_province"]]
    if not deaths:
        return w._("No deaths were reported.")
    return w._("%(n)s deaths: %(items)s.") % {"n": w.n(r["deaths"]),
                                              "items": grouped(deaths, w.lang)}


def _n7_deaths_to_date(r: dict, w: _Writer) -> list[str]:
    out = []
    if r["avg7_deaths"] is not None:
        out.append(w._("7-day average of deaths: %(n)s.") % {"n": w.n(round(r["avg7_deaths"]))})
    if r["total_deaths"] is None:
        out.append(w._("Deaths to date and case fatality rate: no figure."))
    elif r["cfr"] is not None:
        out.append(w._("Deaths to date: %(n)s, %(cfr)s of all cases.") % {
            "n": w.n(r["total_deaths"]), "cfr": percent(r["cfr"], 1, w.lang)})
    else:
        out.append(w._("Deaths to date: %(n)s.") % {"n": w.n(r["total_deaths"])})
    return out


def _n8_since_the_start(r: dict, w: _Writer) -> str:
    return w._("Cases since the start of the epidemic: %(n)s, %(per_million)s per million "
               "people.") % {"n": w.n(r["total_cases"]),
                             "per_million": w.n(round(r["cases_per_million"]))}


def _n9_wave(r: dict, w: _Writer) -> str:
    wave = r["wave"]
    lead = (w._("Wave %(wave)s") % {"wave": wave["number"]} if wave["number"]
            else w._("Since %(date)s") % {
                "date": full_date(date.fromisoformat(wave["since"]), w.lang)})
    values = {"lead": lead, "cases": w.n(wave["cases"])}
    if wave["recovered"] is None:
        return w._("%(lead)s: %(cases)s domestic cases; recoveries: no figure.") % values
    return w._("%(lead)s: %(cases)s domestic cases, %(recovered)s recovered.") % {
        **values, "recovered": w.n(wave["recovered"])}


def _n10_no_secondary(r: dict, w: _Writer) -> str | None:
    free = r["no_secondary_transmission"]
    if not free["provinces"]:
        return None
    return w._("%(k)s provinces had no secondary transmission in the last %(days)s days: "
               "%(names)s.") % {"k": w.n(len(free["provinces"])), "days": free["days"],
                                "names": ", ".join(w.name(e) for e in free["provinces"])}


def _n11_top(r: dict, w: _Writer) -> str | None:
    top = r["top_provinces"]
    if not top:
        return None
    items = [f"{w.name(e)} {w.n(e['wave_cases'])}" for e in top]
    # The bulletin names the unit after the first and the last count ("TP HCM 1.610 ca, ...,
    # Sơn La 5 ca").
    first = {"province": w.name(top[0]), "n": w.n(top[0]["wave_cases"])}
    items[0] = w.pgettext("first of a list", "%(province)s %(n)s") % first
    if len(items) > 1:
        last = {"province": w.name(top[-1]), "n": w.n(top[-1]["wave_cases"])}
        items[-1] = w.pgettext("last of a list", "%(province)s %(n)s") % last
    return w._("Provinces with the most cases in the wave: %(items)s.") % {
        "k": w.n(len(top)), "items": ", ".join(items)}


def _n12_treatment(r: dict, w: _Writer) -> list[str]:
    out = []
    if r["recovered_total"] is None:
        out.append(w._("Recoveries to date: no figure."))
    elif r["recovered"] is None:
        out.append(w._("Recoveries of the day: no figure; to date: %(recovered_total)s.") % {
            "recovered_total": w.n(r["recovered_total"])})
    else:
        out.append(w._("Recoveries to date: %(recovered_total)s.") % {
            "recovered": w.n(r["recovered"]), "recovered_total": w.n(r["recovered_total"])})
    if r["severe"] is None:
        out.append(w._("Severe patients under treatment: no figure."))
    else:
        out.append(w._("Severe patients under treatment: %(severe)s.") % {
            "severe": w.n(r["severe"])})
    return out


def _n13_tests(r: dict, w: _Writer) -> str:
    t = r["tests"]
    if all(t[k] is None for k in ("samples", "people", "samples_total", "people_total")):
        return w._("Tests: no figure.")
    values = {k: w.n(t[k] or 0) for k in ("samples", "people", "samples_total", "people_total")}
    return w._("Tests in 24 hours: %(samples)s samples for %(people)s people; since %(since)s: "
               "%(samples_total)s samples for %(people_total)s people.") % {
        **values, "since": w.dm(t["since"])}


def _n14_doses(r: dict, w: _Writer) -> str:
    d = r["doses"]
    if all(d[k] is None for k in ("day", "total", "first_total", "second_total")):
        return w._("Vaccine doses: no figure.")
    return w._("Vaccine doses given on %(date)s: %(day)s; in total %(total)s, of which "
               "%(first_total)s first doses and %(second_total)s second doses.") % {
        "date": w.dm(d["date"]), "day": w.n(d["day"] or 0),
        **{k: w.millions(d[k] or 0) for k in ("total", "first_total", "second_total")}}


def _notes(r: dict, w: _Writer) -> list[str]:
    """For analysts: line lists that differ from the submitted figures, and the provinces whose
    figures of the day have not arrived."""
    notes = []
    for diff in r["differences"]:
        parts = "; ".join(
            w._("%(measure)s: line list %(line_list)s, submitted %(submitted)s") % {
                "measure": w._(MEASURE_NAMES[m]), "line_list": w.n(v["line_list"]),
                "submitted": w.n(v["submitted"])}
            for m, v in diff["measures"].items())
        why = ", ".join(w._(REASONS[x["reason"]]) % {"n": w.n(x["cases"])}
                        for x in diff["reasons"])
        values = {"province": w.name(diff), "parts": parts, "why": why}
        notes.append(w._("%(province)s: %(parts)s (%(why)s).") % values if why
                     else w._("%(province)s: %(parts)s (no explanation found).") % values)
    if r["missing"]:
        notes.append(w._("No figures received yet for the day from: %(names)s.") % {
            "names": ", ".join(w.name(m) for m in r["missing"])})
    return notes


def _text(r: dict, lang: str) -> tuple[list[str], list[str]]:
    """The sentences N1-N14 of the module docstring that apply, in order, and the notes."""
    w = _Writer(lang)
    body = [_n1_headline(r, w), _n2_where_found(r, w), _n3_changes(r, w), _n4_by_province(r, w),
            _n5_average(r, w), _n6_deaths(r, w), *_n7_deaths_to_date(r, w),
            _n8_since_the_start(r, w), _n9_wave(r, w), _n10_no_secondary(r, w), _n11_top(r, w),
            *_n12_treatment(r, w), _n13_tests(r, w), _n14_doses(r, w)]
    return [s for s in body if s], _notes(r, w)


def render_text(report: dict, lang: str = "vi") -> str:
    """The report as bulletin text: one paragraph, then a paragraph of notes if any."""
    check_lang(lang)
    body, notes = _text(report, lang)
    out = " ".join(body) + ("\n\n" + " ".join(notes) if notes else "")
    return unicodedata.normalize("NFC", out)


def _labels(lang: str) -> dict[str, Any]:
    """The words of this module's output in `lang`: English here, every other language in
    its "reports" catalog (locale/<lang>/LC_MESSAGES/reports.po)."""
    _ = translator(lang).gettext
    return {
        "title": _("National COVID-19 situation report, {date}"),
        "as_of": _("Figures as they stood at {as_of}"),
        "summary": _("Summary"),
        "new_cases": _("New cases"),
        "domestic": _("Domestic"),
        "deaths": _("Deaths"),
        "recovered": _("Recovered"),
        "severe": _("Severe, under treatment"),
        "province": _("Province"),
        "by_province": _("Cases by province"),
        "yesterday": _("Yesterday"),
        "change": _("Change"),
        "community": _("Under investigation"),
        "quarantine": _("In quarantine"),
        "wave": _("Wave"),
        "per_million": _("Cases per million"),
        "source": _("Source"),
        "line list": _("line list"),
        "submitted": _("submitted"),
        "curve": _("Cases by report date"),
        "deaths_chart": _("Deaths per day"),
        "rt": _("Reproduction number Rt"),
        "cases_chart": _("New cases of the day by province"),
        "notes": _("Notes"),
        "differences": _("Line list and submitted figures that differ"),
        "line_list": _("Line list"),
        "reported": _("Submitted"),
        "measure": _("Measure"),
        "why": _("Explanation"),
    }


def _no_figure(lang: str) -> str:
    return translator(lang).gettext("no figure")


def render_html(report: dict, lang: str = "vi") -> str:
    """The report as a self-contained printable page: headline figures, the text, charts as
    inline SVG (epi curve with 7-day average, cases by province, deaths, Rt), the table by
    province and the differences between line lists and submitted figures."""
    check_lang(lang)
    t = _labels(lang)

    def fmt(x: int) -> str:
        return number(x, lang)

    def figure(x: int | None) -> str:
        return _no_figure(lang) if x is None else fmt(x)

    day = date.fromisoformat(report["date"])
    curve = report.get("epi_curve") or []
    # Our own SVG, from numbers and our labels only: safe to inline unescaped.
    charts = []
    if curve:
        charts.append((t["curve"], Markup(to_svg(epi_curve_spec(curve, lang)))))
        charts.append((t["deaths_chart"], Markup(to_svg(deaths_spec(curve, lang)))))
    if report["by_province"]:
        charts.append((t["cases_chart"], Markup(to_svg(cases_by_province_spec(
            [{**e, "province": province_name(e, lang)} for e in report["by_province"]], lang)))))
    if report["rt"]["series"]:
        charts.append((t["rt"], Markup(to_svg(rt_spec(report["rt"]["series"], lang)))))
    rows = [{"name": province_name(e, lang), "domestic": fmt(e["domestic"]),
             "community": fmt(e["community"]), "quarantine": fmt(e["quarantine"]),
             "yesterday": fmt(e["yesterday"]),
             "change": ("+" if e["change"] > 0 else "") + fmt(e["change"]),
             "deaths": figure(e["deaths"]), "wave": fmt(e["wave_cases"]),
             "per_million": fmt(e["cases_per_million"]) if e["cases_per_million"] is not None
             else "", "source": t[e["source"]]} for e in report["by_province"]]
    _ = translator(lang).gettext
    diffs = [{"name": province_name(d, lang), "measure": _(MEASURE_NAMES[m]),
              "line_list": fmt(v["line_list"]), "submitted": fmt(v["submitted"]),
              "why": ", ".join(_(REASONS[x["reason"]]) % {"n": fmt(x["cases"])}
                               for x in d["reasons"])}
             for d in report["differences"] for m, v in d["measures"].items()]
    return _environment().get_template("national.html").render(
        lang=lang, t=t, title=t["title"].format(date=full_date(day, lang)),
        as_of=t["as_of"].format(as_of=report["as_of"]) if report.get("as_of") else None,
        figures=[(t["new_cases"], fmt(report["new_cases"])),
                 (t["domestic"], fmt(report["domestic"])),
                 (t["deaths"], figure(report["deaths"])),
                 (t["recovered"], figure(report["recovered"])),
                 (t["severe"], figure(report["severe"]))],
        text=render_text(report, lang), charts=charts, rows=rows, diffs=diffs)


def write_charts(report: dict, directory: Path, lang: str = "vi",
                 fmt: str = "svg") -> list[Path]:
    """Write the report's charts as SVG or PNG files (no browser: vl-convert)."""
    check_lang(lang)
    directory.mkdir(parents=True, exist_ok=True)
    specs = {"epi_curve": epi_curve_spec(report["epi_curve"], lang),
             "deaths": deaths_spec(report["epi_curve"], lang),
             "cases_by_province": cases_by_province_spec(
                 [{**e, "province": province_name(e, lang)} for e in report["by_province"]],
                 lang)}
    if report["rt"]["series"]:
        specs["rt"] = rt_spec(report["rt"]["series"], lang)
    written = []
    for name, spec in specs.items():
        path = directory / f"{name}.{fmt}"
        if fmt == "png":
            path.write_bytes(to_png(spec))
        else:
            path.write_text(to_svg(spec), encoding="utf-8")
        written.append(path)
    return written
